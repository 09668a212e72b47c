break watch
continue
watch counter
continue
continue
delete
continue
