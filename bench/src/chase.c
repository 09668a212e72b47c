/* Pointer-chasing benchmark: walks a singly linked list whose nodes sit in
 * shuffled order across the heap, then builds an unbalanced binary search
 * tree of pseudo-random keys and looks keys up in it. Every step is a load
 * whose address comes from the previous load, so the cost is the memory
 * path of the translated code, not arithmetic.
 *   chase [WALKS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define LIST_NODES (1 << 16)
#define TREE_KEYS (1 << 16)

struct node {
    struct node *next;
    uint64_t value;
};

struct tree {
    struct tree *left, *right;
    uint64_t key;
};

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static struct tree *tree_insert(struct tree *root, struct tree *n)
{
    struct tree **link = &root;
    while (*link)
        link = n->key < (*link)->key ? &(*link)->left : &(*link)->right;
    *link = n;
    return root;
}

static int tree_depth(const struct tree *t)
{
    if (!t)
        return 0;
    int l = tree_depth(t->left), r = tree_depth(t->right);
    return 1 + (l > r ? l : r);
}

int main(int argc, char **argv)
{
    int walks = argc > 1 ? atoi(argv[1]) : 200;
    struct node *nodes = malloc(LIST_NODES * sizeof(*nodes));
    uint32_t *order = malloc(LIST_NODES * sizeof(*order));
    for (uint32_t i = 0; i < LIST_NODES; i++)
        order[i] = i;
    for (uint32_t i = LIST_NODES - 1; i > 0; i--) {
        uint32_t j = next_rand() % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < LIST_NODES; i++) {
        nodes[order[i]].next = i + 1 < LIST_NODES ? &nodes[order[i + 1]] : NULL;
        nodes[order[i]].value = i * 2654435761u;
    }
    uint64_t sum = 0;
    for (int w = 0; w < walks; w++)
        for (struct node *n = &nodes[order[0]]; n; n = n->next)
            sum += n->value ^ (uint64_t)w;

    struct tree *root = NULL;
    uint64_t *keys = malloc(TREE_KEYS * sizeof(*keys));
    for (int i = 0; i < TREE_KEYS; i++) {
        struct tree *t = malloc(sizeof(*t));
        t->left = t->right = NULL;
        t->key = keys[i] = next_rand() % 1000000007;
        root = tree_insert(root, t);
    }
    uint64_t found = 0, steps = 0;
    for (int w = 0; w < walks; w++) {
        for (int i = 0; i < TREE_KEYS; i += 4) {
            uint64_t k = (w & 1) ? keys[i] : keys[i] + 1;
            const struct tree *t = root;
            while (t && t->key != k) {
                t = k < t->key ? t->left : t->right;
                steps++;
            }
            found += t != NULL;
        }
    }
    printf("list sum %016llx tree depth %d found %llu steps %llu\n", (unsigned long long)sum,
           tree_depth(root), (unsigned long long)found, (unsigned long long)steps);
    return 0;
}
