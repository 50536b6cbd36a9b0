// The friendly name of a stored certificate (Request-CsCertificate -FriendlyName, a PFX's
// friendlyName attribute): what Windows shows in the certificate store beside the subject.

import { type SqliteDatabase, statementOf } from './store.js';

export function setCertificateFriendlyName(db: SqliteDatabase, certificateId: number, name: string): void {
  statementOf(db, 'UPDATE certificates SET friendly_name = ? WHERE id = ?').run(name, certificateId);
}
