// The store's schema, as numbered migrations applied in order. PRAGMA user_version records the
// last one applied, inside the same transaction as its DDL, so a migration is all or nothing.
// Never edit a shipped migration: add the next number.

export interface Migration {
  readonly version: number;
  readonly summary: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    summary:
      'certificates, names, private keys, keyring, requests, assignments, lab CA, client certificates, scans',
    sql: `
      -- One row: the scrypt parameters and sealed verifier of the key-encryption key.
      CREATE TABLE keyring (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        kdf TEXT NOT NULL,
        salt BLOB NOT NULL,
        log_n INTEGER NOT NULL,
        r INTEGER NOT NULL,
        p INTEGER NOT NULL,
        verifier BLOB NOT NULL,
        created_at TEXT NOT NULL
      );

      -- PKCS#8 private keys, sealed with AES-256-GCM (src/secrets/key-encryption.ts).
      CREATE TABLE private_keys (
        id INTEGER PRIMARY KEY,
        public_key_sha256 TEXT NOT NULL UNIQUE,   -- SHA-256 of the SubjectPublicKeyInfo DER, hex
        algorithm TEXT NOT NULL,                  -- RSA | ECDH_P256 | ECDH_P384 | ECDH_P521
        key_size INTEGER NOT NULL,
        exportable INTEGER NOT NULL CHECK (exportable IN (0, 1)),
        sealed BLOB NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE certificates (
        id INTEGER PRIMARY KEY,
        thumbprint TEXT NOT NULL UNIQUE,          -- SHA-1 of the DER, uppercase hex
        thumbprint_sha256 TEXT NOT NULL UNIQUE,
        der BLOB NOT NULL,
        facts TEXT NOT NULL CHECK (json_valid(facts)),
        subject TEXT NOT NULL,
        issuer TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        public_key_sha256 TEXT NOT NULL,
        private_key_id INTEGER REFERENCES private_keys(id),
        friendly_name TEXT,
        source TEXT NOT NULL,                     -- lab-ca | import | request
        added_at TEXT NOT NULL
      );
      CREATE INDEX certificates_issuer_serial ON certificates(issuer, serial_number);
      CREATE INDEX certificates_not_after ON certificates(not_after);
      CREATE INDEX certificates_public_key ON certificates(public_key_sha256);

      -- Every DNS name of every certificate (subject CN and SAN), with the labels reversed
      -- ("com.contoso.pool01") so a suffix search is an index range scan, not LIKE '%…'.
      CREATE TABLE certificate_names (
        certificate_id INTEGER NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        reversed_name TEXT NOT NULL,
        kind TEXT NOT NULL,                       -- san | subject
        PRIMARY KEY (certificate_id, name, kind)
      ) WITHOUT ROWID;
      CREATE INDEX certificate_names_reversed ON certificate_names(reversed_name);

      -- Request-CsCertificate -Output: the key waits here until the issued certificate comes back.
      CREATE TABLE pending_requests (
        id INTEGER PRIMARY KEY,
        private_key_id INTEGER NOT NULL REFERENCES private_keys(id),
        csr_der BLOB NOT NULL,
        server TEXT NOT NULL,
        uses TEXT NOT NULL CHECK (json_valid(uses)),
        subject TEXT NOT NULL,
        requested_names TEXT NOT NULL CHECK (json_valid(requested_names)),
        friendly_name TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'issued', 'cleared')),
        certificate_id INTEGER REFERENCES certificates(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Set-CsCertificate: per server and use, the current certificate and the previous one
      -- (-Roll keeps both until the previous one is removed).
      CREATE TABLE assignments (
        server TEXT NOT NULL,
        use TEXT NOT NULL,
        certificate_id INTEGER NOT NULL REFERENCES certificates(id),
        effective_at TEXT NOT NULL,
        previous_certificate_id INTEGER REFERENCES certificates(id),
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (server, use)
      ) WITHOUT ROWID;
      CREATE INDEX assignments_certificate ON assignments(certificate_id);

      -- Every change to an assignment, in order, so the console can draw a timeline.
      CREATE TABLE assignment_history (
        id INTEGER PRIMARY KEY,
        server TEXT NOT NULL,
        use TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('set', 'roll', 'remove', 'remove-previous')),
        certificate_id INTEGER REFERENCES certificates(id),
        previous_certificate_id INTEGER REFERENCES certificates(id),
        effective_at TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX assignment_history_target ON assignment_history(server, use, id);

      -- The embedded lab CA: a root and an issuing CA (role), each a certificate with its key.
      CREATE TABLE ca_authorities (
        role TEXT PRIMARY KEY CHECK (role IN ('root', 'issuing')),
        name TEXT NOT NULL,
        certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates(id),
        private_key_id INTEGER NOT NULL REFERENCES private_keys(id),
        base_url TEXT NOT NULL,
        next_serial INTEGER NOT NULL,             -- the serial the next certificate it signs gets
        crl_number INTEGER NOT NULL,              -- the number of the last CRL it signed
        created_at TEXT NOT NULL
      );

      -- Every serial a lab CA has signed, and its revocation.
      CREATE TABLE ca_issued (
        ca_role TEXT NOT NULL REFERENCES ca_authorities(role),
        serial INTEGER NOT NULL,
        serial_number TEXT NOT NULL,              -- uppercase hex, as CertificateFacts shows it
        certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates(id),
        profile TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        revoked_at TEXT,
        revocation_reason TEXT,
        PRIMARY KEY (ca_role, serial)
      ) WITHOUT ROWID;

      -- Client certificates of SIP users (Get-CsClientCertificate).
      CREATE TABLE client_certificates (
        certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id),
        user_uri TEXT NOT NULL,
        issued_at TEXT NOT NULL
      );
      CREATE INDEX client_certificates_user ON client_certificates(user_uri);

      -- Results of probes and scans, for the drift checks of later issues.
      CREATE TABLE scan_results (
        id INTEGER PRIMARY KEY,
        scan_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        scanned_at TEXT NOT NULL,
        certificate_id INTEGER REFERENCES certificates(id),
        result TEXT NOT NULL CHECK (json_valid(result))
      );
      CREATE INDEX scan_results_endpoint ON scan_results(endpoint, scanned_at);
    `,
  },
  {
    version: 2,
    summary: 'index certificates by subject, to find an issuer when building a chain (export, import)',
    sql: `
      CREATE INDEX certificates_subject ON certificates(subject);
    `,
  },
  {
    version: 4,
    summary:
      'scans: one row per uccert scan (times, topology, summary, report); its endpoints in scan_results',
    sql: `
      -- One row per scan; its endpoints are rows of scan_results with scan_id = this id (as text),
      -- written while the scan runs. finished_at stays NULL when a scan was interrupted.
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        topology TEXT NOT NULL,
        endpoint_count INTEGER NOT NULL,
        summary TEXT CHECK (summary IS NULL OR json_valid(summary)),
        report TEXT CHECK (report IS NULL OR json_valid(report))
      );
      CREATE INDEX scan_results_scan ON scan_results(scan_id, id);
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
