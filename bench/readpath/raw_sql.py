"""The raw reference's SQL: each scenario's whole response built as JSON by PostgreSQL.

The JSON has Çözüm's shape (its global ids, its field names), so the reference answers what
Çözüm answers and the comparison of contents is direct. Separate statements for the filtered
and unfiltered queue, so each keeps its own plan rather than a generic one for both.
"""

# Çözüm's global id: url-safe base64 of "Type:pk" without padding (cozum/kit/relay.py).
GID = "rtrim(translate(encode(convert_to({type} || ':' || {pk}, 'UTF8'), 'base64'), '+/', '-_'), '=')"


def _gid(type_name: str, pk: str) -> str:
    return GID.format(type=f"'{type_name}'", pk=pk)


_QUEUE_ROW = f"""json_build_object('node', json_build_object(
    'id', {_gid('Ticket', 't.id')}, 'reference', t.reference, 'status', t.status,
    'priority', t.priority, 'title', t.title, 'channel', t.channel,
    'createdAt', t.created_at, 'updatedAt', t.updated_at, 'dueAt', t.due_at,
    'department', CASE WHEN d.id IS NOT NULL
        THEN json_build_object('id', {_gid('Department', 'd.id')}, 'nameTr', d.name_tr) END,
    'category', json_build_object('id', {_gid('Category', 'c.id')}, 'nameTr', c.name_tr),
    'assignee', CASE WHEN u.id IS NOT NULL
        THEN json_build_object('id', {_gid('StaffUser', 'u.id')}, 'name', u.name) END,
    'lastEvent', (SELECT json_build_object('type', e.type, 'createdAt', e.created_at)
                  FROM ticket_events e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1)))"""

_QUEUE = f"""SELECT json_build_object('tickets', json_build_object('edges',
    coalesce(json_agg({_QUEUE_ROW} ORDER BY t.created_at DESC, t.id DESC), '[]')))::text
FROM (SELECT * FROM tickets {{where}} ORDER BY created_at DESC, id DESC LIMIT 50) t
JOIN categories c ON c.id = t.category_id
LEFT JOIN departments d ON d.id = t.department_id
LEFT JOIN users u ON u.id = t.assignee_id"""

QUEUE = _QUEUE.format(where="")
QUEUE_FILTERED = _QUEUE.format(where="WHERE department_id = $1 AND status = $2")

DETAIL = f"""SELECT json_build_object('node', json_build_object(
    'id', {_gid('Ticket', 't.id')}, 'reference', t.reference, 'requestType', t.request_type,
    'status', t.status, 'priority', t.priority, 'channel', t.channel,
    'replyChannel', t.reply_channel, 'title', t.title, 'description', t.description,
    'dueAt', t.due_at, 'closedAt', t.closed_at, 'resolution', t.resolution,
    'createdAt', t.created_at, 'updatedAt', t.updated_at, 'version', t.version,
    'timeline', json_build_object('edges', (
        SELECT coalesce(json_agg(json_build_object('node', json_build_object(
            'id', {_gid('TicketEvent', 'e.id')}, 'type', e.type, 'actorLabel', e.actor_label,
            'public', e.public, 'fromStatus', e.from_status, 'toStatus', e.to_status,
            'message', e.message, 'createdAt', e.created_at)) ORDER BY e.id), '[]')
        FROM (SELECT * FROM ticket_events WHERE ticket_id = t.id ORDER BY id DESC LIMIT 50) e))
))::text
FROM tickets t WHERE t.id = $1"""

# The secret is checked as Çözüm checks it: its SHA-256 against the stored hash.
TRACK = """SELECT json_build_object('trackRequest', (
    SELECT json_build_object('reference', t.reference, 'requestType', t.request_type,
        'status', t.status, 'title', t.title, 'createdAt', t.created_at,
        'updatedAt', t.updated_at, 'dueAt', t.due_at, 'closedAt', t.closed_at,
        'resolution', t.resolution)
    FROM tickets t
    WHERE t.reference = $1 AND t.secret_hash = encode(sha256(convert_to($2, 'UTF8')), 'hex')))::text"""

# What a citizen's submission writes, in one statement: the ticket (its reference from the
# same per-year counter) and its CREATED event. The ceiling: no validation, no routing rules.
SUBMIT = """WITH counter AS (
    INSERT INTO ticket_counters (year, last_value) VALUES (extract(year FROM now())::int, 1)
    ON CONFLICT (year) DO UPDATE SET last_value = ticket_counters.last_value + 1
    RETURNING year, last_value
), ticket AS (
    INSERT INTO tickets (reference, secret_hash, request_type, category_id, department_id, status,
        priority, channel, reply_channel, title, description, due_at, created_at, updated_at,
        version, language, tracking_seed)
    SELECT $5 || '-' || year || '-' || lpad(last_value::text, greatest(6, length(last_value::text)), '0'),
        encode(sha256(convert_to($3, 'UTF8')), 'hex'),
        'COMPLAINT', c.id, c.department_id, 'NEW', 'NORMAL', 'WEB', 'NONE', $1, $2,
        now() + make_interval(hours => coalesce(c.sla_hours, 240)), now(), now(), 1, 'TR', $4
    FROM counter, categories c WHERE c.id = $6
    RETURNING id, reference
), event AS (
    INSERT INTO ticket_events (ticket_id, type, actor_label, public, to_status, data, created_at)
    SELECT id, 'CREATED', 'citizen', true, 'NEW', '{"channel": "WEB"}', now() FROM ticket
)
SELECT json_build_object('submitRequest', json_build_object(
    'reference', reference, 'secret', $3::text, 'userErrors', '[]'::json))::text FROM ticket"""
