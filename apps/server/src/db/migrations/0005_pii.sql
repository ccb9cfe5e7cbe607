-- Personal data at rest (ADR 0007). The encrypted columns keep their names and type (text); their
-- values become `v1.<keyId>.<iv>.<ciphertext>` written by the application (AES-256-GCM), and existing
-- plaintext rows are encrypted by a chunked pass on the next start (the key lives outside the
-- database, so SQL cannot do it). Exact-match lookups use keyed blind indexes (HMAC) in *_bidx
-- columns; lists show the plaintext masked forms in *_masked columns.

alter table cases add column id_number_bidx text;
alter table cases add column id_number_masked text;
alter table cases add column card_number_bidx text;
alter table cases add column card_number_masked text;
drop index if exists cases_batch_card;
drop index if exists cases_batch_idno;
drop index if exists cases_id_number;
create index cases_batch_card_bidx on cases (batch_id, card_number_bidx, placement_date) where card_number_bidx is not null;
create index cases_batch_idno_bidx on cases (batch_id, id_number_bidx, placement_date) where id_number_bidx is not null;
create index cases_id_bidx on cases (tenant_id, id_number_bidx);
create index cases_card_bidx on cases (tenant_id, card_number_bidx);

alter table case_phones add column number_bidx text;
alter table case_phones add column number_masked text;
alter table case_phones drop constraint if exists case_phones_case_id_number_key;
drop index if exists case_phones_number;
create unique index case_phones_case_bidx on case_phones (case_id, number_bidx);
create index case_phones_bidx on case_phones (number_bidx);

alter table case_addresses add column address_bidx text;
alter table case_addresses add column address_masked text;
alter table case_addresses drop constraint if exists case_addresses_case_id_kind_address_key;
create unique index case_addresses_case_kind_bidx on case_addresses (case_id, kind, address_bidx);

-- Staging never holds plaintext identifiers: match by blind index (one per key in the ring while a
-- rotation is half done); `match_shown` is the masked value shown in duplicate-row errors.
delete from import_rows;
alter table import_rows drop column card_number;
alter table import_rows drop column id_number;
alter table import_rows add column card_bidxs text[];
alter table import_rows add column id_bidxs text[];
alter table import_rows add column match_shown text;

-- Rejected-row values of personal fields were stored as typed; keep only a masked form.
update import_errors set value = case
    when field in ('debtor_name') or field like 'contacts[%].name' or field like '%address%'
      then left(value, 1) || repeat('*', greatest(length(value) - 1, 0))
    else repeat('*', greatest(length(value) - 4, 0)) || right(value, 4)
  end,
  message = regexp_replace(message, '[0-9][0-9 -]{5,}([0-9]{3}[0-9Xx])', '****\1', 'g')
where field in ('id_number', 'card_number', 'account_number', 'repayment_account', 'mobile', 'home_phone', 'work_phone', 'debtor_name',
  'home_address', 'work_address', 'registered_address', 'mailing_address', 'record_target') or field like 'contacts[%]%'
  or (code = 'DUPLICATE_IN_FILE' and message not like '%(matched by ref)');
