-- One row per partner and day with at least one registration: the rhythm of each partner.
create or replace view int_registration_days as
with
registrations as (
    select * from stg_deal_registrations
),

final as (
    select distinct
        partner_id,
        registered_on,
    from registrations
)

select * from final;

create or replace view data_extent as
with
registrations as (
    select * from stg_deal_registrations
),

final as (
    select
        -- The default as_of: the latest registration or close anywhere in the data, so the
        -- sample never ages and filters never move it.
        greatest(max(registered_on), max(closed_on)) as default_as_of,
        least(min(registered_on), min(closed_on)) as first_activity_on,
        count(*) as registrations,
    from registrations
)

select * from final;
