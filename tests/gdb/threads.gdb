break worker_stop
continue
info threads
bt 2
thread 1
bt 2
thread 3
bt 1
thread 2
p n
delete
continue
