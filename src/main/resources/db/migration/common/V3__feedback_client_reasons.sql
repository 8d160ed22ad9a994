-- CDS Hooks 2.0 lets a client add override reasons of its own to those a card offers.
-- Feedback with such a reason is stored, marked as the client's, so that analytics can
-- tell them from the reasons the service offered.
alter table card_feedback add column override_reason_by_client boolean default false not null;
