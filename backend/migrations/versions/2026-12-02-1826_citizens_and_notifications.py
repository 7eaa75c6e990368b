"""citizens: attachments, the notification outbox, message templates, satisfaction

Attachments keep only the checked, EXIF-free copy. The outbox holds every message to a citizen,
written with the change it tells of; each try is a delivery attempt. A trigger announces new
outbox rows on the `outbox` channel, so a worker sends within milliseconds of the commit instead
of at its next poll. Tickets gain the citizen's language, the seed of their tracking secret and
the version of the KVKK notice they were shown; contacts the time of their last WhatsApp message.

Revision ID: 73fdbc6a811f
Revises: 4c6e8a0b2d13
Create Date: 2026-12-02 18:26:00.188640+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

NOTIFY_FUNCTION = """
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', NEW.id::text);
    RETURN NULL;
END
$$
"""

revision: str = '73fdbc6a811f'
down_revision: str | None = '4c6e8a0b2d13'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('message_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('RECEIVED', 'ROUTED', 'RESOLVED', 'REJECTED', 'FORWARDED', 'DUPLICATE', 'REPLY', 'REOPENED', name='notificationkind', native_enum=False, length=24), nullable=False),
    sa.Column('language', sa.Enum('TR', 'EN', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'language', name='uq_message_templates_kind_language')
    )
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('PHOTO', 'VIDEO', name='attachmentkind', native_enum=False, length=24), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('thumbnail_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('byte_size > 0', name='ck_attachments_size_positive'),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_attachments_ticket', 'attachments', ['ticket_id', 'id'], unique=False)
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('RECEIVED', 'ROUTED', 'RESOLVED', 'REJECTED', 'FORWARDED', 'DUPLICATE', 'REPLY', 'REOPENED', name='notificationkind', native_enum=False, length=24), nullable=False),
    sa.Column('channel', sa.Enum('WHATSAPP', 'SMS', 'EMAIL', 'PHONE', 'LETTER', 'NONE', name='replychannel', native_enum=False, length=24), nullable=False),
    sa.Column('language', sa.Enum('TR', 'EN', name='language', native_enum=False, length=24), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('idempotency_key', sa.String(length=36), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'SENT', 'GAVE_UP', name='outboxstatus', native_enum=False, length=24), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('provider_message_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('gave_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key')
    )
    op.create_index('ix_outbox_due', 'outbox', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'PENDING'"))
    op.create_index('ix_outbox_ticket', 'outbox', ['ticket_id', 'id'], unique=False)
    op.create_table('satisfaction_answers',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name='ck_satisfaction_score'),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('ticket_id')
    )
    op.create_table('delivery_attempts',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('outbox_id', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('SENDING', 'SENT', 'FAILED', name='attemptoutcome', native_enum=False, length=24), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('provider_message_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('outbox_id', 'number', name='uq_delivery_attempts_number')
    )
    op.add_column('contacts', sa.Column('last_whatsapp_message_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('tickets', sa.Column('language', sa.Enum('TR', 'EN', name='language', native_enum=False, length=24), server_default=sa.text("'TR'"), nullable=False))
    op.add_column('tickets', sa.Column('tracking_seed', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column('tickets', sa.Column('privacy_notice_version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
    op.execute(NOTIFY_FUNCTION)
    op.execute("CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify()")


def downgrade() -> None:
    op.execute("DROP TRIGGER outbox_notify ON outbox")
    op.execute("DROP FUNCTION outbox_notify()")
    op.drop_column('tickets', 'privacy_notice_version')
    op.drop_column('tickets', 'tracking_seed')
    op.drop_column('tickets', 'language')
    op.drop_column('contacts', 'last_whatsapp_message_at')
    op.drop_table('delivery_attempts')
    op.drop_table('satisfaction_answers')
    op.drop_index('ix_outbox_ticket', table_name='outbox')
    op.drop_index('ix_outbox_due', table_name='outbox', postgresql_where=sa.text("status = 'PENDING'"))
    op.drop_table('outbox')
    op.drop_index('ix_attachments_ticket', table_name='attachments')
    op.drop_table('attachments')
    op.drop_table('message_templates')
