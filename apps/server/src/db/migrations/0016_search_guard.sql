-- Session 7 search guard (ADR 0012): the guess budget of case searches by a full identifier (ID, card,
-- phone) or, for users who see names masked, by a whole name. One row per guess that found no case
-- (a guess is charged before it runs and the row is deleted when it finds a case in the user's scope
-- or fails), so the count of a user's rows in the last 24 hours is what the budget limits. Rows hold
-- no search text, only who, when (the application clock) and the kind. Shared by every server process.
create table search_guesses (
  id bigserial primary key,
  tenant_id int not null default 1,
  user_id bigint not null references users(id) on delete cascade,
  at timestamptz not null,
  -- 'identifier' | 'name'
  kind text not null check (kind in ('identifier', 'name'))
);
-- the budget query: one user's rows in the window
create index search_guesses_user_at on search_guesses (user_id, at);
