"""The editor finds posted organizations among the choices it loaded (#24): known ones are saved
as before, one that is not among them is refused beside its field and nothing is saved."""

import re

from meetings.models import Meeting
from resolutions.models import Resolution
from tests.meetings.test_editor import EDIT, editor_data
from tests.sample_data import add_sample_resolutions


def _session(demo_group) -> Meeting:
    meeting = Meeting.objects.create(working_group=demo_group, number=32, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, 3)
    return meeting


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}"[^>]*>.*?</select>', html, re.S).group(0)


def test_collaborators_chosen_from_the_list_are_saved(clients, demo_group):
    meeting = _session(demo_group)
    resolution = meeting.resolutions.get(number=1)
    client = clients["secretary"]
    page = client.get(EDIT.format(32)).content.decode()
    offered = re.findall(r'<option value="(\d+)"', _select(page, "resolutions-0-collaborators"))
    chosen = [value for value in offered if value != str(resolution.responsible_organization_id)][-2:]
    data = editor_data(client, 32)
    data["resolutions-0-collaborators"] = list(reversed(chosen))
    assert client.post(EDIT.format(32), data).status_code == 302
    assert {str(link.organization_id) for link in resolution.collaborator_links.all()} == set(chosen)


def test_an_organization_not_among_the_choices_is_refused_beside_its_field(clients, demo_group):
    meeting = _session(demo_group)
    client = clients["secretary"]
    data = editor_data(client, 32)
    before = list(meeting.resolutions.values_list("pk", "responsible_organization_id", "text"))
    data["resolutions-0-responsible_kind"] = Resolution.Responsible.ORGANIZATION
    data["resolutions-0-responsible_organization"] = "999999"
    data["resolutions-1-collaborators"] = ["999998"]
    data["resolutions-2-text"] = "متنی که نباید ذخیره شود"
    response = client.post(EDIT.format(32), data)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("resolutions-0-responsible_organization", "resolutions-1-collaborators"):
        assert "is-invalid" in _select(html, name).split(">", 1)[0], name
    assert "متنی که نباید ذخیره شود" in html  # nothing typed is lost
    assert list(meeting.resolutions.values_list("pk", "responsible_organization_id", "text")) == before
