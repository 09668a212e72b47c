set can-use-hw-watchpoints 0
