-- Route files are versioned in the database: every applied version of a file is kept with its author, time, comment
-- and the diff to the version before; route_file says which version every instance sharing the database runs;
-- route_file_instance what each instance actually runs (a version that failed to start there keeps the previous one).
CREATE TABLE route_file (
    file            text        PRIMARY KEY CHECK (file ~ '^[a-z0-9][a-z0-9._-]*\.ya?ml$'),
    current_version integer     NOT NULL,
    -- the SHA-256 of the routes folder's text last taken as a version; null for a file created through the API
    folder_sha256   text,
    -- a file taken from the folder and since removed from it: its routes stop everywhere, its versions stay
    retired         boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE route_file_version (
    file       text        NOT NULL REFERENCES route_file (file),
    version    integer     NOT NULL CHECK (version >= 1),
    content    text        NOT NULL,
    sha256     text        NOT NULL,
    author     text        NOT NULL,
    comment    text,
    source     text        NOT NULL CHECK (source IN ('FOLDER', 'API', 'ROLLBACK', 'IMPORT')),
    -- unified diff against the version before; null for version 1
    diff       text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (file, version)
);

CREATE TABLE route_file_instance (
    instance_id text        NOT NULL,
    file        text        NOT NULL,
    version     integer     NOT NULL,
    status      text        NOT NULL CHECK (status IN ('LOADED', 'REFUSED', 'SKIPPED', 'RETIRED')),
    error       text,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instance_id, file)
);
