create or replace view stg_partners as
with
source as (
    select * from partners
),

final as (
    select
        partner_id,
        partner_name,
        tier,
        enrolled_on,
        coalesce(partner_type, 'Unspecified') as partner_type,
        coalesce(region, 'Unassigned') as region,
        upper(country) as country,
        upper(state) as state,
        city,
        latitude,
        longitude,
        terminated_on,
        cam_id,
    from source
)

select * from final;
