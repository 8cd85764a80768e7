create or replace view stg_cams as
with
source as (
    select * from cams
),

final as (
    select
        cam_id,
        cam_name,
        coalesce(region, 'Unassigned') as region,
        annual_cost,
    from source
)

select * from final;
