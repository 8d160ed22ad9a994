-- The tenant (healthcare organisation) a CDS client names in its JWT, recorded with each call.
alter table service_call add column client_tenant varchar(200);
