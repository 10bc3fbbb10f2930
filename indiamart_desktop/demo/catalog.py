"""Made-up but believable Indian B2B data the lead generator draws from.

Names are common Indian first and last names combined at random: no real person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

FIRST_NAMES = (
    "Aarav", "Abhishek", "Ajay", "Amit", "Anil", "Anita", "Arjun", "Deepak", "Divya",
    "Ganesh", "Gaurav", "Harish", "Imran", "Kavita", "Kiran", "Lakshmi", "Mahesh",
    "Manoj", "Meena", "Mohammed", "Naveen", "Neha", "Pooja", "Prakash", "Priya",
    "Rahul", "Rajesh", "Ramesh", "Ravi", "Rohit", "Sandeep", "Sanjay", "Sunil",
    "Suresh", "Sunita", "Vijay", "Vikas", "Vinod", "Yogesh", "Zoya",
)
LAST_NAMES = (
    "Agarwal", "Bansal", "Chauhan", "Das", "Desai", "Gupta", "Iyer", "Jain", "Joshi",
    "Khan", "Kulkarni", "Kumar", "Mehta", "Menon", "Mishra", "Nair", "Patel", "Pillai",
    "Rao", "Reddy", "Sharma", "Shaikh", "Singh", "Sinha", "Thakur", "Tiwari", "Varma",
    "Yadav",
)
COMPANY_FORMS = (
    "{last} Enterprises", "{last} Traders", "Shree {deity} {trade}", "{city} {trade}",
    "{last} & Sons", "{first} {trade}", "{last} Industries Pvt. Ltd.", "New {city} {trade}",
    "M/s {last} Brothers", "{initials} Infra Projects LLP",
)
DEITIES = ("Ganesh", "Balaji", "Sai", "Krishna", "Laxmi", "Ambika", "Hanuman")
TRADES = (
    "Traders", "Engineering Works", "Hardware", "Agencies", "Electricals", "Steel Corporation",
    "Constructions", "Exports", "Textiles", "Enterprises",
)


@dataclass(frozen=True)
class City:
    name: str
    state: str
    pin_prefix: str  # the first three digits of the city's pincodes
    std_code: str  # landline area code
    localities: tuple[str, ...]


CITIES = (
    City("Hyderabad", "Telangana", "500", "040", ("KTR Colony", "Kukatpally", "Balanagar",
                                                 "Jeedimetla", "Uppal")),
    City("Mumbai", "Maharashtra", "400", "022", ("Andheri East", "Bhiwandi Road", "Kurla West",
                                                "Masjid Bunder")),
    City("Pune", "Maharashtra", "411", "020", ("Bhosari MIDC", "Hadapsar", "Chakan")),
    City("New Delhi", "Delhi", "110", "011", ("Okhla Phase II", "Naraina Industrial Area",
                                             "Chandni Chowk", "Bawana")),
    City("Noida", "Uttar Pradesh", "201", "0120", ("Sector 63", "Sector 10", "Phase 2")),
    City("Ghaziabad", "Uttar Pradesh", "201", "0120", ("Sahibabad", "Loni Road")),
    City("Ahmedabad", "Gujarat", "380", "079", ("Naroda GIDC", "Vatva", "Odhav")),
    City("Surat", "Gujarat", "395", "0261", ("Udhna", "Sachin GIDC", "Ring Road")),
    City("Rajkot", "Gujarat", "360", "0281", ("Aji GIDC", "Shapar")),
    City("Bengaluru", "Karnataka", "560", "080", ("Peenya Industrial Area", "Whitefield",
                                                 "Bommasandra")),
    City("Chennai", "Tamil Nadu", "600", "044", ("Ambattur", "Guindy", "Parrys")),
    City("Coimbatore", "Tamil Nadu", "641", "0422", ("Ganapathy", "Peelamedu")),
    City("Kolkata", "West Bengal", "700", "033", ("Burrabazar", "Howrah Maidan", "Salt Lake")),
    City("Jaipur", "Rajasthan", "302", "0141", ("Sitapura", "VKI Area", "Malviya Nagar")),
    City("Ludhiana", "Punjab", "141", "0161", ("Focal Point", "Gill Road")),
    City("Indore", "Madhya Pradesh", "452", "0731", ("Sanwer Road", "Pologround")),
    City("Lucknow", "Uttar Pradesh", "226", "0522", ("Aminabad", "Talkatora")),
    City("Kochi", "Kerala", "682", "0484", ("Edappally", "Kalamassery")),
    City("Nagpur", "Maharashtra", "440", "0712", ("Hingna MIDC", "Itwari")),
    City("Patna", "Bihar", "800", "0612", ("Boring Road", "Patliputra")),
    City("Bhubaneswar", "Odisha", "751", "0674", ("Mancheswar", "Rasulgarh")),
    City("Guwahati", "Assam", "781", "0361", ("Fancy Bazar", "Beltola")),
    City("Faridabad", "Haryana", "121", "0129", ("Sector 24", "NIT")),
    City("Gurugram", "Haryana", "122", "0124", ("Udyog Vihar", "Sohna Road")),
)


@dataclass(frozen=True)
class Foreign:
    country_iso: str
    dial: str
    mobile_prefix: str
    mobile_digits: int  # digits after the prefix
    city: str
    state: str


FOREIGN = (
    Foreign("ZA", "27", "61", 7, "Johannesburg", "Gauteng"),
    Foreign("AE", "971", "50", 7, "Dubai", "Dubai"),
    Foreign("KE", "254", "72", 7, "Nairobi", "Nairobi"),
    Foreign("NP", "977", "98", 8, "Kathmandu", "Bagmati"),
)


@dataclass(frozen=True)
class Product:
    name: str
    category: str
    units: tuple[str, ...]
    max_quantity: int


PRODUCTS = (
    Product("Steel Pipes", "MS Pipes", ("piece", "ton", "kg"), 500),
    Product("Stainless Steel Sheet", "Stainless Steel Sheets", ("kg", "ton"), 2000),
    Product("TMT Bars", "TMT Bars", ("ton",), 60),
    Product("Industrial Safety Shoes", "Safety Shoes", ("pair",), 400),
    Product("Solar Panel 540W", "Solar Panels", ("piece",), 200),
    Product("Submersible Pump", "Submersible Pumps", ("piece", "unit"), 20),
    Product("PVC Pipe Fittings", "PVC Pipe Fittings", ("piece", "box"), 5000),
    Product("Cotton Fabric", "Cotton Fabric", ("meter", "kg"), 10000),
    Product("1121 Basmati Rice", "Basmati Rice", ("kg", "quintal", "ton"), 500),
    Product("Turmeric Powder", "Turmeric Powder", ("kg",), 1000),
    Product("LED Panel Light", "LED Panel Lights", ("piece",), 1000),
    Product("Diesel Generator 62.5 kVA", "Diesel Generators", ("unit",), 3),
    Product("Screw Air Compressor", "Air Compressors", ("piece",), 4),
    Product("Nuts & Bolts", "Fasteners", ("kg", "piece"), 5000),
    Product("Corrugated Boxes", "Corrugated Boxes", ("piece",), 20000),
    Product("HDPE Woven Bags", "HDPE Bags", ("kg", "piece"), 10000),
    Product("CCTV Camera", "CCTV Cameras", ("piece", "set"), 64),
    Product("Revolving Office Chair", "Office Chairs", ("piece",), 150),
    Product("Paver Blocks", "Paver Blocks", ("square feet", "piece"), 20000),
    Product("Electric Motor 5 HP", "Electric Motors", ("piece",), 25),
    Product("Copper Wire", "Copper Wires", ("kg", "meter"), 1000),
    Product("Hand Sanitizer 5 Litre", "Hand Sanitizers", ("litre", "piece"), 500),
    Product("Cattle Feed", "Cattle Feed", ("bag", "kg"), 800),
    Product("RO Water Purifier", "RO Water Purifiers", ("piece",), 30),
    Product("Ball Bearings", "Ball Bearings", ("piece", "box"), 3000),
    Product("Ladies Cotton Kurti", "Ladies Kurtis", ("piece",), 1000),
    Product("Tiles & Sanitaryware", "Sanitaryware", ("piece", "box"), 300),
    Product("OPC Cement 53 Grade", "Cement", ("bag",), 2000),
)

ORDER_VALUES = (
    "Upto Rs. 3,000", "Rs. 3,000 to 10,000", "Rs. 10,000 to 20,000", "Rs. 20,000 to 50,000",
    "Rs. 50,000 to 1 Lakh", "Rs. 1 to 2 Lakh", "Rs. 2 to 5 Lakh", "Rs. 5 to 10 Lakh",
    "Rs. 10 to 20 Lakh",
)
REQUIREMENT_TYPES = ("Business Use", "Business Use", "Business Use", "Personal Use",
                     "Reselling")
PREFERRED_LOCATIONS = (
    "Suppliers from all over India can contact", "Suppliers from all over India can contact",
    "Local suppliers only", "Suppliers from preferred cities only",
)
OPENINGS = (
    "I want to buy {product}.", "I want to buy {product}.", "I am interested in {product}.",
    "Kindly send me price quotation for {product}.", "Looking for {product}. Please call.",
    "Need {product} urgently, share best rate & delivery time.",
)
MOBILE_PREFIXES = ("98", "99", "97", "96", "95", "94", "93", "91", "90", "89", "88", "87",
                   "86", "85", "81", "80", "79", "78", "77", "76", "75", "73", "70", "63",
                   "62")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
