-- API performance (issue 7, "API on PostgreSQL: p99 ≤ 50 ms at 200 concurrent clients on 1M cases").
-- Measured with EXPLAIN ANALYZE on the 100k bench portfolio (bench/README.md Findings, API).

-- The case list orders by one column then by id, nulls last in both directions
-- (cases.service.ts listCases): an index per order lets a page be read from the index instead of
-- sorting every case in scope. Amount (the collectors' usual order) both ways; DPD (= overdue date,
-- reversed) both ways. The default order (id) is the primary key.
create index cases_placed_amount_asc on cases (placed_amount asc nulls last, id);
create index cases_placed_amount_desc on cases (placed_amount desc nulls last, id);
create index cases_overdue_desc on cases (overdue_date desc nulls last, id);
-- the same orders within a data scope: own/team/department (assignee) and client viewers (client);
-- these replace the single-column indexes, which they cover
create index cases_overdue_id on cases (overdue_date, id);
drop index cases_overdue;
create index cases_assigned_id on cases (assigned_user_id, id);
drop index cases_assigned;
create index cases_client_id on cases (client_id, id);
drop index cases_client;

-- Search by ID or card number looks up the blind index alone; the (tenant_id, …) indexes of 0005 can
-- only serve it with a tenant condition, which the search has no reason to carry. Replaced.
create index cases_id_number_bidx on cases (id_number_bidx);
drop index cases_id_bidx;
create index cases_card_number_bidx on cases (card_number_bidx);
drop index cases_card_bidx;

-- Search by name is a substring match (`like '%…%'`, cases.repository.ts searchIds): no b-tree can
-- seek it, but a narrow (name, id) index lets PostgreSQL filter the names in an index-only scan
-- instead of reading every wide, encrypted case row; it also serves the list sorted by name.
create index cases_debtor_name_id on cases (debtor_name, id);
