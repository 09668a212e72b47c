break hit
ignore 1 1000
continue
info breakpoints
