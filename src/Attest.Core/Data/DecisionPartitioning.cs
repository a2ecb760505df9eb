namespace Attest.Core.Data;

/// <summary>
/// The PostgreSQL migration that partitions <c>decisions</c> by month of <c>RecordedAt</c> (docs/operations.md, "Decision
/// partitions"). The table keeps its columns, its indexes as they stand when it runs (whatever earlier migrations added
/// or dropped) and its foreign keys, with two changes the partitioning forces: the primary key becomes (Id, RecordedAt),
/// and (SystemId, ExternalId) is an ordinary index — a unique index must hold the partition key; ingest keeps an external
/// id to one decision under a per-system lock instead (<c>IngestLookups.LockSystemAsync</c>). The foreign key from
/// review_items to decisions goes for the same reason (it would have to name the partition key); review items are written
/// with their decisions and deleted with them. Existing rows are copied into monthly partitions (from the oldest
/// decision's month to four months ahead, plus a default partition), then the old table is dropped: a maintenance window
/// sized by the table. EF's model does not see partitions: later migrations treat <c>decisions</c> as one table, which
/// PostgreSQL carries to every partition.
/// </summary>
internal static class DecisionPartitioning
{
    public const string Up = """
        DO $$
        DECLARE
          indexes text[];
          fks text[][];
          fk text[];
          d text;
          m timestamptz;
        BEGIN
          SET LOCAL timezone = 'UTC';
          SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid)), '{}') INTO indexes
            FROM pg_index i WHERE i.indrelid = 'decisions'::regclass AND NOT i.indisprimary;
          SELECT coalesce(array_agg(ARRAY[c.conname::text, pg_get_constraintdef(c.oid)]), '{}') INTO fks
            FROM pg_constraint c WHERE c.conrelid = 'decisions'::regclass AND c.contype = 'f';
          ALTER TABLE review_items DROP CONSTRAINT IF EXISTS "FK_review_items_decisions_DecisionId";
          ALTER TABLE decisions RENAME TO decisions_unpartitioned;
          CREATE TABLE decisions (LIKE decisions_unpartitioned INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING CONSTRAINTS)
            PARTITION BY RANGE ("RecordedAt");
          SELECT least(coalesce(date_trunc('month', min("RecordedAt")), date_trunc('month', now())), date_trunc('month', now()))
            INTO m FROM decisions_unpartitioned;
          WHILE m <= date_trunc('month', now()) + interval '4 months' LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF decisions FOR VALUES FROM (%L) TO (%L)',
              'decisions_p' || to_char(m, 'YYYY_MM'), m, m + interval '1 month');
            m := m + interval '1 month';
          END LOOP;
          CREATE TABLE decisions_default PARTITION OF decisions DEFAULT;
          INSERT INTO decisions SELECT * FROM decisions_unpartitioned;
          DROP TABLE decisions_unpartitioned;
          ALTER TABLE decisions ADD CONSTRAINT "PK_decisions" PRIMARY KEY ("Id", "RecordedAt");
          FOREACH d IN ARRAY indexes LOOP
            EXECUTE replace(d, 'CREATE UNIQUE INDEX', 'CREATE INDEX');
          END LOOP;
          IF array_length(fks, 1) > 0 THEN
            FOREACH fk SLICE 1 IN ARRAY fks LOOP
              EXECUTE format('ALTER TABLE decisions ADD CONSTRAINT %I %s', fk[1], fk[2]);
            END LOOP;
          END IF;
        END $$;
        """;

    /// <summary>Back to one table (every partition's rows copied into it); pg_partman's registration, if any, is removed.</summary>
    public const string Down = """
        DO $$
        DECLARE
          indexes text[];
          fks text[][];
          fk text[];
          d text;
          partman text;
        BEGIN
          SELECT n.nspname INTO partman FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman';
          IF partman IS NOT NULL THEN
            EXECUTE format('DELETE FROM %I.part_config WHERE parent_table = %L', partman, 'public.decisions');
            EXECUTE format('DROP TABLE IF EXISTS %I.template_public_decisions', partman);
          END IF;
          SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid)), '{}') INTO indexes
            FROM pg_index i WHERE i.indrelid = 'decisions'::regclass AND NOT i.indisprimary;
          SELECT coalesce(array_agg(ARRAY[c.conname::text, pg_get_constraintdef(c.oid)]), '{}') INTO fks
            FROM pg_constraint c WHERE c.conrelid = 'decisions'::regclass AND c.contype = 'f' AND c.conparentid = 0;
          ALTER TABLE decisions RENAME TO decisions_partitioned;
          CREATE TABLE decisions (LIKE decisions_partitioned INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING CONSTRAINTS);
          INSERT INTO decisions SELECT * FROM decisions_partitioned;
          DROP TABLE decisions_partitioned;
          ALTER TABLE decisions ADD CONSTRAINT "PK_decisions" PRIMARY KEY ("Id");
          FOREACH d IN ARRAY indexes LOOP
            IF d LIKE '%"IX_decisions_SystemId_ExternalId"%' THEN
              d := replace(d, 'CREATE INDEX', 'CREATE UNIQUE INDEX');
            END IF;
            EXECUTE replace(d, ' ON ONLY ', ' ON ');
          END LOOP;
          IF array_length(fks, 1) > 0 THEN
            FOREACH fk SLICE 1 IN ARRAY fks LOOP
              EXECUTE format('ALTER TABLE decisions ADD CONSTRAINT %I %s', fk[1], fk[2]);
            END LOOP;
          END IF;
          ALTER TABLE review_items ADD CONSTRAINT "FK_review_items_decisions_DecisionId"
            FOREIGN KEY ("DecisionId") REFERENCES decisions ("Id") ON DELETE RESTRICT;
        END $$;
        """;
}
