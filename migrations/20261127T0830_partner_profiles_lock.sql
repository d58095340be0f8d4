-- Partner profiles stay right when two transactions change the same organisation's cases at once.
--
-- Before, each transaction recomputed the profile from its own snapshot, which lacks the other's
-- uncommitted change; the later commit then wrote a profile without the earlier one's change (one
-- write behind until the next). Now the refresh first takes a transaction-scoped lock per
-- organisation, in id order, and then recomputes in a new statement: under READ COMMITTED that
-- statement's snapshot is taken after the lock was granted, so it sees what the other transaction
-- committed. Locks are taken in one order within a statement, so a single save cannot deadlock.
alter function refresh_partner_profiles(bigint[]) rename to refresh_partner_profiles_unlocked;

create function refresh_partner_profiles(ids bigint[]) returns void
language plpgsql as $$
declare
  org bigint;
begin
  for org in select distinct x from unnest(ids) x where x is not null order by 1 loop
    perform pg_advisory_xact_lock(hashtextextended('nytenk.partner_profile:' || org, 0));
  end loop;
  perform refresh_partner_profiles_unlocked(ids);
end $$;
