break add
continue
detach
