import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixtureFacts } from '../../test/support/tls-fixture-facts.js';
import type { ProbeReport } from '../net/probe-endpoint.js';
import { renderProbeJson, renderProbeText } from './render-probe.js';

const now = new Date('2026-06-01T12:00:00Z');

function reportWith(clientCertificateRequested: boolean | null): ProbeReport {
  const facts = readFixtureFacts('rsa-leaf.pem');
  return {
    endpoint: { host: '127.0.0.1', port: 5061, sni: null },
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    handshakeMs: 3,
    chain: [facts],
    chainSource: 'peer-certificate',
    trust: {
      trusted: false,
      path: [{ facts, source: 'sent', sentIndex: 0 }],
      end: { kind: 'issuer-not-found', issuer: facts.issuer },
      notSent: [],
      caFileGiven: false,
      sentByServer: true,
      unusedSent: [],
    },
    clientCertificateRequested,
    acceptableClientCaNames: clientCertificateRequested === false ? [] : null,
    serverAlert: null,
    findings: [],
  };
}

test('a handshake that could not be read leaves ClientCertificateRequested unknown, not False', () => {
  assert.match(
    renderProbeText(reportWith(null), now),
    /^ClientCertificateRequested : unknown \(the handshake messages could not be read\)$/m,
  );
  const json = JSON.parse(renderProbeJson(reportWith(null), now)) as Record<string, unknown>;
  assert.equal(json.clientCertificateRequested, null);
  assert.match(renderProbeText(reportWith(false), now), /^ClientCertificateRequested : False$/m);
  assert.doesNotMatch(renderProbeText(reportWith(null), now), /AcceptableClientCaNames/);
});
