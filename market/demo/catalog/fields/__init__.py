"""Demo templates, one module per technical field, in the taxonomy's order."""

from __future__ import annotations

from market.demo.catalog.fields import (
    advanced_polymers,
    advanced_steel,
    aerospace,
    agricultural_machinery,
    basic_software,
    cnc_machine_tools,
    industrial_robots,
    industrial_software,
    integrated_circuits,
    marine_engineering,
    medical_devices,
    new_energy,
    nonferrous_alloys,
    power_equipment,
    rail_transit,
)

FIELDS = (
    cnc_machine_tools.TEMPLATES,
    industrial_robots.TEMPLATES,
    rail_transit.TEMPLATES,
    power_equipment.TEMPLATES,
    marine_engineering.TEMPLATES,
    aerospace.TEMPLATES,
    agricultural_machinery.TEMPLATES,
    medical_devices.TEMPLATES,
    new_energy.TEMPLATES,
    advanced_steel.TEMPLATES,
    nonferrous_alloys.TEMPLATES,
    advanced_polymers.TEMPLATES,
    industrial_software.TEMPLATES,
    basic_software.TEMPLATES,
    integrated_circuits.TEMPLATES,
)
