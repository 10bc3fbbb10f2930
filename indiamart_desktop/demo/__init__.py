"""A simulated IndiaMART pull API on 127.0.0.1, for demo mode and tests. No Qt here."""

from indiamart_desktop.demo.faults import Fault
from indiamart_desktop.demo.generator import DemoLead, LeadGenerator, to_v1_record, to_v2_record
from indiamart_desktop.demo.server import RecordedRequest, SimulatedIndiaMart

__all__ = [
    "DemoLead",
    "Fault",
    "LeadGenerator",
    "RecordedRequest",
    "SimulatedIndiaMart",
    "to_v1_record",
    "to_v2_record",
]
