/*
 * Services of the command-line module to the rest of peek.
 */
#ifndef PEEK_MAIN_H
#define PEEK_MAIN_H

/* The argv that runs guest_path under a new peek with the options this peek
 * was given (for execve of another guest program): {"peek", options...,
 * "-0", argv0, "--", guest_path, guest_argv[1..], NULL}. Caller frees the
 * array (not the strings). */
char **peek_exec_argv(const char *guest_path, char *const *guest_argv);

#endif
