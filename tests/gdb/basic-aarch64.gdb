p $d0
p $v0
info registers fpsr fpcr cpsr
finish
p $d0
continue
