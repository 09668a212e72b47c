# The guest registry. Each guest's .mk adds its name to GUESTS; the list
# becomes $(B)/gen/guests.def (GUEST(name) lines), which guests.c and each
# mode's own registry expand. Rewritten only when the list changes.
PEEK_SRCS += src/guest/guests.c
GEN_HDRS += $(B)/gen/guests.def

$(B)/gen/guests.def: FORCE
	@mkdir -p $(dir $@)
	@printf 'GUEST(%s)\n' $(GUESTS) > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

FORCE:
.PHONY: FORCE
