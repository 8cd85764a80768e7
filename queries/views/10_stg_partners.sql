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

-- The name a partner goes by on screen and in links: a name two partners share gets the
-- partner's id beside it.
create or replace view partner_labels as
select
    partner_id,
    case
        when count(*) over (partition by partner_name) > 1
            then partner_name || ' (' || partner_id || ')'
        else partner_name
    end as label,
from stg_partners;
