-- Jobs that one instance at a time should run (the audit purge): whoever updates the
-- row while locked_until has passed holds it until the time it sets.
create table job_lease (
    job_name     varchar(100) primary key,
    locked_until timestamp with time zone not null,
    locked_by    varchar(200) not null
);
