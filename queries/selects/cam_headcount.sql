-- Today's CAMs per region and what a CAM costs a year, scoped like the coverage requirement:
-- the CAMs chosen in the CAM filter, in the regions chosen in the region filter (empty: all).
-- Tier and partner-type filters narrow partners, not CAMs; the what-if page says so.
select
    region,
    count(*) as cams,
    avg(annual_cost) as average_annual_cost,
from stg_cams
where in_filter($cams, cam_id)
    and in_filter($regions, region)
group by region
order by region
