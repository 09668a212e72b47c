info auxv
continue
