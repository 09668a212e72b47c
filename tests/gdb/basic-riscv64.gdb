p $fa0
info registers fa0
info registers fcsr fflags frm
info registers priv
finish
p $fa0
continue
