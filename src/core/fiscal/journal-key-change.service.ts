// `pos journal key new`: the till's signing key replaced (a lost key file, a
// suspected leak). The change is itself a link of the till's audit chain,
// the first one the new key signs, so `pos journal verify` lists it and
// nobody can slip a key of their own into the database unseen.
import type { Knex } from 'knex';
import { appendAuditEvent } from './audit.service.js';
import { keyFingerprint } from './journal-signature.js';
import { recordNewKey, type TillKey } from './journal-keys.service.js';
import { NotFoundError } from '../basics/errors.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { KEY_CHANGE_EVENT } from './journal.js';


export async function changeTillKey(knex: Knex, tillId: number, employeeId: number, at: Date, reason: string): Promise<TillKey> {
  return writeTransaction(knex, async (trx) => {
    // Holds the till's row (as a sale does): no link is written between the key and its event.
    const locked = await trx('tills').where({ id: tillId }).update({ journal_key_no: trx.raw('journal_key_no') });
    if (locked !== 1) throw new NotFoundError(`Caisse ${tillId} inconnue`);
    const before = await trx('tills').where({ id: tillId }).first('journal_key_no');
    const key = await recordNewKey(trx, tillId, employeeId, at);
    await appendAuditEvent(
      trx,
      tillId,
      {
        kind: KEY_CHANGE_EVENT,
        employeeId,
        details: {
          keyNo: key.keyNo,
          publicKey: key.publicKey,
          previousKeyNo: Number(before.journal_key_no),
          firstSaleNumber: key.firstSaleNumber,
          firstClosingSeq: key.firstClosingSeq,
          fingerprint: keyFingerprint(key.publicKey),
          reason,
        },
      },
      at,
    );
    return key;
  });
}
