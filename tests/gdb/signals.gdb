continue
bt 1
continue
bt 1
continue
