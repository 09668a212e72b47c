break write_call
continue
catch syscall write
continue
p $x0
p $x2
continue
p $x0
delete
continue
