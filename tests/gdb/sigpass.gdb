break add
continue
signal SIGUSR1
