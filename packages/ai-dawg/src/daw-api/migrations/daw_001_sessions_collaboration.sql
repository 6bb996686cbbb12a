CREATE TABLE daw_sessions (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  template text NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX daw_sessions_project ON daw_sessions (project_id, created_at);

CREATE TABLE daw_project_members (
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, user_id)
);

-- The Yjs update log: the source of truth of a project's shared document (replayed in seq order).
CREATE TABLE collab_updates (
  seq bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  update bytea NOT NULL,
  user_id uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX collab_updates_project ON collab_updates (project_id, seq);

CREATE TABLE collab_conflicts (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  key text NOT NULL,
  candidates jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  resolution jsonb,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX collab_conflicts_project ON collab_conflicts (project_id, status, created_at);
