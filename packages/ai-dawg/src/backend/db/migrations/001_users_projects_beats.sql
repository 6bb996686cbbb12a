CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE projects (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  bpm integer NOT NULL CHECK (bpm BETWEEN 20 AND 300),
  sample_rate integer NOT NULL,
  bit_depth integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX projects_owner_created ON projects (owner_id, created_at DESC);

CREATE TABLE beats (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  job_id text NOT NULL UNIQUE,
  genre text NOT NULL,
  bpm integer NOT NULL,
  s3_key text NOT NULL,
  url text NOT NULL,
  duration_ms integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX beats_project ON beats (project_id, created_at);
