"""Model names NHTSA's notice text uses, per make, beyond those its rows list.

The per-vehicle rows the portal imports are samples: a campaign whose text
says "2019-2025 Cayenne, Cayenne E-Hybrid, 2020-2025 911, Taycan" may arrive
with one row for the 2020 911. To read the other models out of the text, the
reader must know where a model name ends and a trim begins ("Model 3
Performance" is a Model 3; "Mustang Mach-E" is not a Mustang). These lists
give the base names as NHTSA's own vehicle lists spell them, longest first at
lookup time, so a longer name ("Grand Cherokee L", "Prius Prime", "Santa Fe
Sport") always wins over its prefix. A campaign's own listed rows are added to
the vocabulary at import time.

``OTHER_MAKES`` are makes the portal holds no data for: a model named after
one of them ("2019 Lexus LS500") belongs to that make and is skipped, never
credited to the campaign's make. Lincoln is Ford Motor Company's brand: the
Lincoln models Ford's notices name are listed under ``ford`` with the brand in
the name ("Lincoln Navigator", slug ``lincoln-navigator``), so they reach
Ford's campaigns; an unlisted Lincoln name still switches to nothing.
"""

from __future__ import annotations

MODELS: dict[str, tuple[str, ...]] = {
    "tesla": ("Model 3", "Model S", "Model X", "Model Y", "Cybertruck", "Roadster", "Semi"),
    "ford": (
        "F-150", "F-150 Lightning", "F-250", "F-350", "F-450", "F-550", "F-600", "F-650", "F-750", "F-53", "F-59",
        "Mustang", "Mustang Mach-E", "Explorer", "Escape", "Fiesta", "Focus", "Fusion", "Fusion Energi", "C-Max",
        "Taurus", "Flex", "Edge", "Expedition", "EcoSport", "Ranger", "Bronco", "Bronco Sport", "Maverick",
        "Transit", "Transit Connect", "E-Transit", "E-Series", "E-350", "E-450", "GT", "Police Interceptor Utility",
        "Police Interceptor Sedan",
        # Lincoln, Ford Motor Company's brand: Ford's own notices name these models with the brand
        # ("2025 Lincoln Navigator, F-150, Expedition ..."), and they are Ford's campaigns.
        "Lincoln Navigator", "Lincoln Aviator", "Lincoln Nautilus", "Lincoln Corsair", "Lincoln Continental",
        "Lincoln MKC", "Lincoln MKT", "Lincoln MKX", "Lincoln MKZ", "Lincoln MKS",
    ),
    "toyota": (
        "Camry", "Camry Hybrid", "Corolla", "Corolla Hybrid", "Corolla Hatchback", "Corolla Cross", "Corolla Cross Hybrid", "Corolla iM", "RAV4", "RAV4 Hybrid", "RAV4 Prime", "Prius", "Prius Prime", "Prius V",
        "Prius C", "Prius Plug-In Hybrid", "C-HR", "4Runner", "Tacoma", "Tacoma Hybrid", "Tundra", "Tundra Hybrid", "Highlander", "Highlander Hybrid", "Avalon",
        "Avalon Hybrid", "Sienna",
        "Sequoia", "Sequoia Hybrid", "Land Cruiser", "Land Cruiser Hybrid", "Yaris", "Yaris iA", "Venza", "Mirai", "bZ4X", "bZ3", "GR86", "GR Supra",
        "GR Corolla", "Supra", "86", "Matrix", "FJ Cruiser", "Crown", "Grand Highlander", "Grand Highlander Hybrid", "Venza Hybrid",
    ),
    "porsche": (
        "911", "718 Boxster", "718 Cayman", "718 Spyder", "Boxster", "Cayman", "Cayenne", "Cayenne Coupe", "Macan",
        "Macan Electric", "Panamera", "Taycan", "Taycan Cross Turismo", "Taycan Sport Turismo", "918 Spyder",
        "Carrera GT",
    ),
    "hyundai": (
        "Accent", "Azera", "Elantra", "Elantra GT", "Elantra HEV", "Elantra Touring", "Elantra N", "Equus", "Genesis",
        "Genesis Coupe", "Ioniq", "Ioniq 5", "Ioniq 6", "Ioniq Electric", "Ioniq Hybrid", "Ioniq Plug-In Hybrid",
        "Kona", "Kona Electric", "Kona N", "Nexo", "Palisade", "Santa Cruz", "Santa Fe", "Santa Fe Hybrid",
        "Santa Fe Plug-In Hybrid", "Santa Fe Sport", "Santa Fe XL", "Sonata", "Sonata Hybrid",
        "Sonata Plug-In Hybrid", "Tucson", "Tucson Hybrid", "Tucson Plug-In Hybrid", "Veloster", "Veloster N",
        "Venue", "Veracruz", "Entourage",
    ),
    "kia": (
        "Cadenza", "Carnival", "EV6", "EV9", "Forte", "Forte Koup", "Forte5", "K5", "K900", "Niro", "Niro EV",
        "Niro Plug-In Hybrid", "Optima", "Optima Hybrid", "Optima PHEV", "Rio", "Sedona", "Seltos", "Sorento",
        "Sorento Hybrid", "Sorento PHEV", "Soul", "Soul EV", "Sportage", "Sportage Hybrid", "Stinger", "Telluride",
    ),
    "volkswagen": (
        "Arteon", "Atlas", "Atlas Cross Sport", "Beetle", "Beetle Convertible", "CC", "e-Golf", "Golf", "Golf Alltrack",
        "Golf GTI", "Golf R", "Golf SportWagen", "GTI", "ID.4", "ID. Buzz", "Jetta", "Jetta GLI", "Passat", "Taos",
        "Tiguan", "Tiguan Limited", "Touareg",
    ),
    "land-rover": (
        "Defender", "Discovery", "Discovery Sport", "LR2", "LR3", "LR4", "Range Rover", "Range Rover Evoque",
        "Range Rover Sport", "Range Rover Velar",
    ),
    "jaguar": ("E-Pace", "F-Pace", "F-Type", "I-Pace", "XE", "XF", "XJ", "XK"),
    "volvo": (
        "C30", "C40", "C70", "S40", "S60", "S80", "S90", "V40", "V50", "V60", "V60 Cross Country", "V70", "V90",
        "V90 Cross Country", "XC40", "XC60", "XC70", "XC90", "EX30", "EX90", "VNL", "VNR", "VHD", "VAH",
    ),
    "bmw": (
        "X1", "X2", "X3", "X4", "X5", "X6", "X7", "XM", "Z4", "i3", "i4", "i5", "i7", "i8", "iX", "M2", "M3", "M4", "M5",
        "M6", "M8", "X3 M", "X4 M", "X5 M", "X6 M",
    ),
    "chrysler": ("Pacifica", "Pacifica Hybrid", "Voyager", "300", "200"),
    "dodge": ("Durango", "Charger", "Challenger", "Journey", "Grand Caravan", "Hornet"),
    "jeep": (
        "Wrangler", "Wrangler 4xe", "Gladiator", "Grand Cherokee", "Grand Cherokee L", "Grand Cherokee 4xe",
        "Cherokee", "Compass", "Renegade", "Wagoneer", "Wagoneer L", "Grand Wagoneer", "Grand Wagoneer L",
    ),
    "ram": ("1500", "1500 Classic", "2500", "3500", "4500", "5500", "ProMaster", "ProMaster City"),
    "fiat": ("124 Spider", "500", "500X", "500L", "500e"),
    "rivian": ("R1T", "R1S", "EDV"),
}

# Names written differently in the text and in NHTSA's lists.
ALIASES: dict[str, dict[str, str]] = {
    "ram": {"Promaster": "ProMaster", "Promaster City": "ProMaster City"},
    "volkswagen": {"eGolf": "e-Golf", "ID4": "ID.4"},
    "ford": {"Mach-E": "Mustang Mach-E", "F250": "F-250", "F350": "F-350", "F450": "F-450", "F550": "F-550",
             "F600": "F-600", "F150": "F-150",
             # Lincoln names Ford has no model of its own by: "2021-2023 Lincoln Nautilus, 2022-2024 Navigator".
             "Navigator": "Lincoln Navigator", "Aviator": "Lincoln Aviator", "Nautilus": "Lincoln Nautilus",
             "Corsair": "Lincoln Corsair", "Continental": "Lincoln Continental", "MKC": "Lincoln MKC",
             "MKT": "Lincoln MKT", "MKX": "Lincoln MKX", "MKZ": "Lincoln MKZ", "MKS": "Lincoln MKS"},
    "chrysler": {"Pacifica Plug-In Hybrid": "Pacifica Hybrid"},
    "toyota": {"4 Runner": "4Runner", "CH-R": "C-HR", "Rav 4": "RAV4"},
}

# Makes the portal holds no data for; their models are never credited to another make.
OTHER_MAKES = (
    "Lexus", "Lincoln", "Scion", "Mercury", "Mini", "Rolls-Royce", "Mazda", "Mitsubishi", "Subaru", "Maserati",
    "Alfa Romeo", "Infiniti", "Nissan", "Honda", "Acura", "Chevrolet", "GMC", "Cadillac", "Buick", "Audi",
    "Bentley", "Lamborghini", "Mercedes-Benz", "Freightliner", "Mack", "Peterbilt", "Kenworth", "International",
    "Genesis Motor", "Smart", "Lucid", "Polestar", "Fisker", "Karma", "Suzuki", "Isuzu", "Hino", "Roush", "Shelby",
    "Alpina", "Husqvarna", "Harley-Davidson", "Ducati", "Triumph", "Kawasaki", "Yamaha", "Can-Am", "Saab",
)
