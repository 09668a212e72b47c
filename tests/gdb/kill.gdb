break add
continue
kill
