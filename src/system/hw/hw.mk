# The virt board's devices and their services (src/system/hw). The system
# binary links $(HW_SRCS) with $(HW_LDLIBS); the device unit tests
# (tests/system/hw) link them with a test double of the core instead.
HW_SRCS := src/system/hw/iothread.c src/system/hw/chardev.c src/system/hw/uart16550.c \
           src/system/hw/sifive_test.c src/system/hw/clint.c src/system/hw/goldfish_rtc.c \
           src/system/hw/plic.c src/system/hw/virtio_mmio.c src/system/hw/virtio_blk.c \
           src/system/hw/virtio_rng.c            src/system/hw/virt.c
HW_HDRS := $(wildcard src/system/hw/*.h)
HW_LDLIBS := -lfdt -lpthread
