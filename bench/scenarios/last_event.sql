-- PostGraphile's computed column `Ticket.lastEvent`: the ticket's newest event, in a schema of
-- the bench's own so Çözüm's schema is left as it is.
CREATE SCHEMA IF NOT EXISTS bench_pg;
CREATE OR REPLACE FUNCTION bench_pg.tickets_last_event(t public.tickets) RETURNS public.ticket_events
LANGUAGE sql STABLE AS $$
  SELECT e FROM public.ticket_events e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1
$$;
