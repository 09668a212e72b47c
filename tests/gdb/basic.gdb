break add
continue
bt
info registers
p $pc
finish
next
step
stepi
p $pc
x/4dw table
p counter
set var counter = 100
break mul
continue
info frame
p x
