// The one error a PKCS#12 read throws, with a reason the caller maps to a message and a hint.
// Kept in its own file so the PBE and BER helpers can throw it without importing pkcs12.ts.

export type Pkcs12FailureReason =
  | 'password-required'
  | 'wrong-password'
  /** A password was given, and the file opens with none (an unprotected export). */
  | 'password-not-needed'
  | 'malformed'
  | 'unsupported';

export class Pkcs12Error extends Error {
  override readonly name = 'Pkcs12Error';
  readonly reason: Pkcs12FailureReason;

  constructor(reason: Pkcs12FailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * Caps the key-derivation work one file may ask for. Iteration counts are chosen by whoever wrote
 * the file, so a hostile PFX could otherwise keep us hashing for hours. Measured on the build
 * machine: 1,000,000 PKCS#12-KDF SHA-1 rounds take about 0.7 s, PBKDF2-HMAC-SHA256 about 0.2 s,
 * so the whole file's budget (one maximal count) costs at most a few seconds.
 */
export class KdfBudget {
  /** No single count above this: OpenSSL writes 2048, Windows 2000, Java 10,000. */
  static readonly maxIterations = 10_000_000;
  private remaining: number;

  constructor(total = KdfBudget.maxIterations) {
    this.remaining = total;
  }

  /** Checks one iteration count from the file and charges `rounds` derivations of it. */
  spend(iterations: number, rounds: number, what: string): void {
    if (iterations > KdfBudget.maxIterations) {
      throw new Pkcs12Error(
        'unsupported',
        `${what} asks for more than the ${KdfBudget.maxIterations} iterations uccert accepts (${iterations})`,
      );
    }
    this.remaining -= iterations * rounds;
    if (this.remaining < 0) {
      throw new Pkcs12Error(
        'unsupported',
        `the file asks for more key-derivation work than uccert accepts (at ${what}, ${iterations} iterations)`,
      );
    }
  }
}
