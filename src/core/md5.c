/* md5.c - MD5 as RFC 1321 describes it: 64-byte blocks, four rounds of
 * sixteen steps on a 128-bit state, little-endian words, the message
 * padded with 0x80, zeros and its length in bits. */
#include <string.h>

#include "core/md5.h"

/* T[i] = floor(2^32 * |sin(i + 1)|), the RFC's table. */
static const uint32_t T[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
    0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
    0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
    0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
    0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
    0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391,
};

/* The left rotations of each round's four steps. */
static const unsigned S[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static uint32_t rotl(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static void transform(uint32_t state[4], const unsigned char p[64])
{
	uint32_t x[16], a = state[0], b = state[1], c = state[2], d = state[3];

	for (int i = 0; i < 16; i++)
		x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	for (int i = 0; i < 64; i++) {
		int round = i / 16;
		uint32_t f, tmp;
		int k;

		switch (round) {
		case 0:
			f = (b & c) | (~b & d);
			k = i;
			break;
		case 1:
			f = (b & d) | (c & ~d);
			k = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ c ^ d;
			k = (3 * i + 5) % 16;
			break;
		default:
			f = c ^ (b | ~d);
			k = (7 * i) % 16;
			break;
		}
		tmp = d;
		d = c;
		c = b;
		b = b + rotl(a + f + x[k] + T[i], S[round][i % 4]);
		a = tmp;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
}

void md5_init(struct md5 *m)
{
	m->state[0] = 0x67452301;
	m->state[1] = 0xefcdab89;
	m->state[2] = 0x98badcfe;
	m->state[3] = 0x10325476;
	m->bytes = 0;
}

void md5_update(struct md5 *m, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t have = (size_t)(m->bytes % 64);

	m->bytes += len;
	if (have) {
		size_t take = 64 - have < len ? 64 - have : len;
		memcpy(m->block + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		transform(m->state, m->block);
	}
	for (; len >= 64; p += 64, len -= 64)
		transform(m->state, p);
	if (len)
		memcpy(m->block, p, len);
}

void md5_final(struct md5 *m, unsigned char out[MD5_BYTES])
{
	static const unsigned char pad[64] = {0x80};
	unsigned char bits[8];
	uint64_t n = m->bytes * 8;
	size_t have = (size_t)(m->bytes % 64);

	for (int i = 0; i < 8; i++)
		bits[i] = (unsigned char)(n >> (8 * i));
	/* Pad to 56 bytes past a block boundary, then the length. */
	md5_update(m, pad, have < 56 ? 56 - have : 120 - have);
	md5_update(m, bits, 8);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (unsigned char)(m->state[i] >> (8 * j));
}

void md5_hex(const void *data, size_t len, char out[MD5_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[MD5_BYTES];
	struct md5 m;

	md5_init(&m);
	md5_update(&m, data, len);
	md5_final(&m, d);
	for (int i = 0; i < MD5_BYTES; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * MD5_BYTES] = '\0';
}
