info proc
info proc mappings
break add
continue
bt 1
kill
