# Writes deterministic text of about `kb` kilobytes (awk -v kb=N -v seed=S)
# for the compressor workloads: lines of words drawn from a small
# vocabulary, numbers, and now and then a long run of one character, so
# that the data compresses well but not trivially. The generator is a
# 32-bit linear congruential one whose products stay below 2^53, so every
# awk (all compute in doubles) produces the same bytes.
function next_rand() {
	x = (x * 69069 + 1) % 4294967296
	return int(x / 65536)
}
BEGIN {
	nw = split("lorem ipsum dolor sit amet riscv peek qemu guest host " \
		"translate block register memory signal thread futex vector " \
		"cache branch load store atomic fence trap syscall page stack", w, " ")
	if (kb == "") kb = 200
	x = (seed == "" ? 1 : seed)
	target = kb * 1024
	bytes = 0
	while (bytes < target) {
		r = next_rand()
		if (r % 97 == 0) {
			line = sprintf("%0" (20 + r % 200) "d", 0)
		} else {
			line = sprintf("%06d", r % 1000000)
			n = 4 + r % 11
			for (i = 0; i < n; i++) {
				r = next_rand()
				if (r % 7 == 0)
					line = line " " (r % 100000)
				else
					line = line " " w[1 + r % nw]
			}
		}
		print line
		bytes += length(line) + 1
	}
}
