select * from certification_before_after($as_of, $tiers, $regions, $cams, $partner_types)
