/* Baseline for bench/parse-throughput: OpenSSL's C library reading the same corpus.
 * For each certificate: d2i_X509, then the SAN extension (X509_get_ext_d2i) and its DNS names,
 * which is the work the issue names. Prints one JSON line: certificates, seconds, rate, maxRss.
 * Build: cc -O2 -o openssl-parse openssl-parse.c -lcrypto */
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CORPUS.der ROUNDS\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(size);
  if (fread(buf, 1, size, f) != (size_t)size) { perror("read"); return 2; }
  fclose(f);
  int rounds = atoi(argv[2]);
  long count = 0, names = 0;
  double start = now_seconds();
  for (int r = 0; r < rounds; r++) {
    const unsigned char *p = buf;
    while (p < buf + size) {
      X509 *x = d2i_X509(NULL, &p, size - (p - buf));
      if (!x) { fprintf(stderr, "parse failed at %ld\n", (long)(p - buf)); return 3; }
      GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
      if (gens) {
        for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
          GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
          if (g->type == GEN_DNS && ASN1_STRING_length(g->d.dNSName) > 0) names++;
        }
        GENERAL_NAMES_free(gens);
      }
      X509_free(x);
      count++;
    }
  }
  double seconds = now_seconds() - start;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("{\"certificates\":%ld,\"dnsNames\":%ld,\"seconds\":%.4f,\"perSecond\":%.0f,\"maxRssKb\":%ld}\n",
         count, names, seconds, count / seconds, ru.ru_maxrss);
  return 0;
}
