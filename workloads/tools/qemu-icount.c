/*
 * qemu-icount: a tiny QEMU TCG plugin (plugin API version 1, as in QEMU 7.2) that prints,
 * at exit, the number of guest instructions executed and, with pages=on, the number of
 * distinct 4 KiB guest pages touched: in all (pages), by loads/stores (data_pages, which
 * includes the stack) and by executed code (code_pages).
 *
 *   make -C workloads icount
 *   qemu-riscv32 -plugin workloads/tools/qemu-icount.so[,pages=on] -d plugin \
 *       workloads/bin/sieve.elf 1000
 *
 * The plugin header is not packaged by Debian, so the few declarations needed are
 * restated here (they match include/qemu/qemu-plugin.h of QEMU 7.x).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_mem_rw { QEMU_PLUGIN_MEM_R = 1, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_MEM_RW };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *userdata);
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

static uint64_t insns;
static bool track_pages;
static uint8_t data_pages[1u << 17];   /* bitmap over the 2^20 pages of a 32-bit space */
static uint8_t code_pages[1u << 17];
static uint64_t loads, stores;

static void set_bit(uint8_t *map, uint64_t vaddr)
{
    uint32_t pg = (uint32_t)(vaddr >> 12) & 0xfffff;
    map[pg >> 3] |= (uint8_t)(1u << (pg & 7));
}

static unsigned count_bits(const uint8_t *map, const uint8_t *or_map)
{
    unsigned n = 0;
    for (size_t i = 0; i < (1u << 17); i++)
        n += (unsigned)__builtin_popcount(map[i] | (or_map ? or_map[i] : 0));
    return n;
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    if (qemu_plugin_mem_is_store(info)) stores++; else loads++;
    set_bit(data_pages, vaddr);
}

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &insns, n);
    if (!track_pages) return;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        set_bit(code_pages, qemu_plugin_insn_vaddr(insn));
        qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void on_atexit(qemu_plugin_id_t id, void *ud)
{
    char buf[256];
    if (track_pages)
        snprintf(buf, sizeof buf, "icount: insns=%" PRIu64 " pages=%u data_pages=%u code_pages=%u loads=%" PRIu64
                 " stores=%" PRIu64 "\n", insns, count_bits(data_pages, code_pages),
                 count_bits(data_pages, NULL), count_bits(code_pages, NULL), loads, stores);
    else
        snprintf(buf, sizeof buf, "icount: insns=%" PRIu64 "\n", insns);
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "pages=on") == 0) track_pages = true;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
    qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
    return 0;
}
