break watch
continue
rwatch table[1]
continue
bt 1
delete
continue
