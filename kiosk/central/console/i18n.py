# ruff: noqa: E501  (a translation table: one pair a line reads better than wrapped strings)
"""The console's words in English and Indonesian.

Templates and routes write English (``_("Events")``); :data:`INDONESIAN` gives the
Indonesian for each (a test checks every string used has one). The language comes from
``?lang=`` (remembered in a cookie), else the browser's Accept-Language, else English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LANGUAGES = ("en", "id")
LANG_COOKIE = "kiosk_console_lang"

INDONESIAN: dict[str, str] = {
    # navigation and frame
    "Organisers' console": "Konsol panitia",
    "Live": "Langsung",
    "Projector": "Proyektor",
    "Events": "Acara",
    "Attendees": "Peserta",
    "Import": "Impor",
    "Devices": "Perangkat",
    "Flags": "Tanda",
    "Exports": "Ekspor",
    "Log out": "Keluar",
    "Language": "Bahasa",
    "Event": "Acara",
    "Show": "Tampilkan",
    "No event yet: create one first.": "Belum ada acara: buat acara dulu.",
    "Saved.": "Tersimpan.",
    "Nothing was changed.": "Tidak ada yang diubah.",
    # login
    "Log in": "Masuk",
    "Organiser token": "Token panitia",
    "Print a token on the central list's computer with": "Cetak token di komputer server pusat dengan",
    "You are logged out.": "Anda sudah keluar.",
    "Your session has ended: log in again.": "Sesi Anda telah berakhir: silakan masuk lagi.",
    # live
    "Arrivals today": "Kedatangan hari ini",
    "Arrivals": "Kedatangan",
    "arrived": "sudah datang",
    "of": "dari",
    "inside now": "di dalam sekarang",
    "Inside now": "Di dalam sekarang",
    "entries": "masuk",
    "per 5 minutes": "per 5 menit",
    "per 15 minutes": "per 15 menit",
    "Gate": "Pintu",
    "Gates": "Pintu",
    "Arrived": "Sudah datang",
    "Ticket type": "Jenis tiket",
    "Ticket types": "Jenis tiket",
    "Latest arrivals": "Kedatangan terakhir",
    "Time": "Waktu",
    "Name": "Nama",
    "Direction": "Arah",
    "Device": "Perangkat",
    "entry": "masuk",
    "exit": "keluar",
    "undo": "dibatalkan",
    "duplicate entry": "masuk ganda",
    "kiosk clock": "jam kiosk",
    "No arrivals yet": "Belum ada kedatangan",
    "Arrivals per day": "Kedatangan per hari",
    "Day": "Hari",
    "Updated": "Diperbarui",
    "Live updates paused: the central list cannot be reached.": "Pembaruan langsung terhenti: server pusat tidak terjangkau.",
    "(none)": "(tidak ada)",
    # events and gates
    "New event": "Acara baru",
    "Edit event": "Ubah acara",
    "Event id": "ID acara",
    "letters, digits and dashes; made from the name when empty": "huruf, angka dan tanda hubung; dibuat dari nama bila kosong",
    "Days": "Hari",
    "one date per line or comma-separated, YYYY-MM-DD": "satu tanggal per baris atau dipisah koma, TTTT-BB-HH",
    "Time zone": "Zona waktu",
    "for example Asia/Jakarta": "misalnya Asia/Jakarta",
    "Importing": "Sedang mengimpor",
    "rows written": "baris tersimpan",
    "You may leave this page: the import goes on.": "Halaman ini boleh ditinggalkan: impor tetap berjalan.",
    "Refresh": "Muat ulang",
    "This import is not known (any more): see the attendees list, or import the file again (nothing is doubled).": "Impor ini tidak dikenal (lagi): lihat daftar peserta, atau impor ulang berkasnya (tidak ada yang tercatat ganda).",
    "Languages": "Bahasa",
    "English": "Bahasa Inggris",
    "Indonesian": "Bahasa Indonesia",
    "en (English), id (Indonesian); the first is the kiosks' language when theirs is set to follow the system; empty: the machine's language": "en (Inggris), id (Indonesia); yang pertama dipakai kios yang bahasanya diatur mengikuti sistem; kosong: bahasa bawaan mesin",
    "not set: each machine's own": "belum diatur: mengikuti bahasa masing-masing mesin",
    "Save event": "Simpan acara",
    "Add a gate": "Tambah pintu",
    "Gate id": "ID pintu",
    "Ticket types admitted": "Jenis tiket yang boleh masuk",
    "comma-separated; empty admits every ticket type": "dipisah koma; kosong berarti semua jenis tiket boleh masuk",
    "Days open": "Hari buka",
    "empty: every day of the event": "kosong: setiap hari acara",
    "Re-entry allowed": "Boleh masuk lagi",
    "Save gate": "Simpan pintu",
    "Edit": "Ubah",
    "every day": "setiap hari",
    "every ticket type": "semua jenis tiket",
    "yes": "ya",
    "no": "tidak",
    "Re-entry": "Masuk lagi",
    "No gates yet.": "Belum ada pintu.",
    # attendees
    "Search": "Cari",
    "name, e-mail, organisation or code": "nama, e-mail, organisasi atau kode",
    "Add an attendee": "Tambah peserta",
    "E-mail": "E-mail",
    "Organisation": "Organisasi",
    "Status": "Status",
    "valid": "berlaku",
    "cancelled": "dibatalkan",
    "Code": "Kode",
    "no code yet": "belum ada kode",
    "Add": "Tambah",
    "Save": "Simpan",
    "Cancel ticket": "Batalkan tiket",
    "Restore ticket": "Pulihkan tiket",
    "Revoke code": "Cabut kode",
    "Issue a new code": "Terbitkan kode baru",
    "Ticket (PNG)": "Tiket (PNG)",
    "Ticket sheet (PDF)": "Lembar tiket (PDF)",
    "Tickets of the selected (PDF)": "Tiket yang dipilih (PDF)",
    "Passages": "Lintasan",
    "No passages yet.": "Belum ada lintasan.",
    "Badge prints": "Cetakan tanda pengenal",
    "Printed on": "Dicetak di",
    "first print": "cetakan pertama",
    "reprint": "cetak ulang",
    "printed again without asking (the device did not know)": "dicetak lagi tanpa ditanya (perangkatnya belum tahu)",
    "as": "dengan nama",
    "No badge printed yet.": "Tanda pengenal belum pernah dicetak.",
    "No flags.": "Tidak ada tanda.",
    "Details": "Rincian",
    "matches": "hasil",
    "No attendee matches.": "Tidak ada peserta yang cocok.",
    "Kiosk time": "Waktu kiosk",
    "Received": "Diterima",
    "undone": "dibatalkan",
    "Code revoked: kiosks refuse it after their next sync.": "Kode dicabut: kiosk menolaknya setelah sinkronisasi berikutnya.",
    "A new code was issued; the old one is revoked.": "Kode baru diterbitkan; kode lama dicabut.",
    "Ticket cancelled.": "Tiket dibatalkan.",
    "Ticket restored.": "Tiket dipulihkan.",
    "Attendee added.": "Peserta ditambahkan.",
    # import
    "Import attendees": "Impor peserta",
    "CSV file": "Berkas CSV",
    "Preview": "Pratinjau",
    "Nothing is written until you confirm the preview.": "Tidak ada yang ditulis sebelum Anda mengonfirmasi pratinjau.",
    "Uploading": "Mengunggah",
    "Columns recognised": "Kolom yang dikenali",
    "Column": "Kolom",
    "Field": "Kolom data",
    "extra detail": "rincian tambahan",
    "First name": "Nama depan",
    "Last name": "Nama belakang",
    "Attendee id": "ID peserta",
    "To add": "Akan ditambahkan",
    "To update": "Akan diperbarui",
    "Unchanged": "Tidak berubah",
    "Refused": "Ditolak",
    "Line": "Baris",
    "Reason": "Alasan",
    "Import the rows shown as to add and to update": "Impor baris yang akan ditambahkan dan diperbarui",
    "Refused rows are left out.": "Baris yang ditolak tidak diikutkan.",
    "This preview has expired: upload the file again.": "Pratinjau ini sudah kedaluwarsa: unggah berkasnya lagi.",
    "Import done": "Impor selesai",
    "added": "ditambahkan",
    "updated": "diperbarui",
    "unchanged": "tidak berubah",
    "skipped": "dilewati",
    "Choose a CSV file first.": "Pilih berkas CSV dulu.",
    "and more": "dan lainnya",
    # devices and pairing
    "Pair a device": "Pasangkan perangkat",
    "Device name": "Nama perangkat",
    "Role": "Peran",
    "kiosk": "kiosk",
    "desk": "meja",
    "Valid for (minutes)": "Berlaku (menit)",
    "Make a pairing code": "Buat kode penautan",
    "Pairing code": "Kode penautan",
    "Scan this code with the kiosk's camera, or type the code on it.": "Pindai kode ini dengan kamera kiosk, atau ketik kodenya di kiosk.",
    "Valid until": "Berlaku sampai",
    "once": "sekali pakai",
    "any gate": "pintu mana saja",
    "Last seen": "Terakhir terlihat",
    "Online": "Daring",
    "online": "daring",
    "offline": "luring",
    "revoked": "dicabut",
    "Pending uploads": "Unggahan tertunda",
    "Clock skew": "Selisih jam",
    "Version": "Versi",
    "Rename": "Ganti nama",
    "Revoke": "Cabut",
    "No devices paired yet.": "Belum ada perangkat yang dipasangkan.",
    "Device revoked.": "Perangkat dicabut.",
    "Device renamed.": "Nama perangkat diganti.",
    "Paired": "Dipasangkan",
    "never": "belum pernah",
    "not reported": "tidak dilaporkan",
    # flags
    "Flags to review": "Tanda untuk ditinjau",
    "Duplicate entries": "Masuk ganda",
    "Show seen ones too": "Tampilkan juga yang sudah dilihat",
    "Hide seen ones": "Sembunyikan yang sudah dilihat",
    "First entry": "Masuk pertama",
    "Seen": "Sudah dilihat",
    "Mark seen": "Tandai sudah dilihat",
    "Mark unseen": "Tandai belum dilihat",
    "Nothing to review.": "Tidak ada yang perlu ditinjau.",
    "Refused uploads": "Kiriman yang ditolak",
    "Sent by a device but not stored: the device keeps it, marked refused, and does not send it again.": "Dikirim oleh perangkat tetapi tidak disimpan: perangkat tetap menyimpannya dengan tanda ditolak dan tidak mengirimkannya lagi.",
    "Upload": "Kiriman",
    "a check-in": "check-in",
    "a walk-in": "pendaftaran di tempat",
    "a badge print": "cetakan tanda pengenal",
    "No refused uploads.": "Tidak ada kiriman yang ditolak.",
    "second entry at the same gate on the same day": "masuk kedua di pintu yang sama pada hari yang sama",
    "admitted on a code revoked before the kiosk's last sync": "diizinkan masuk dengan kode yang sudah dicabut sebelum kios terakhir kali sinkron",
    "admitted on a code revoked after the kiosk's last sync": "diizinkan masuk dengan kode yang dicabut setelah kios terakhir kali sinkron",
    "admitted although cancelled": "diizinkan masuk padahal pendaftarannya dibatalkan",
    "admitted at a gate that does not admit this ticket": "diizinkan masuk di pintu yang tidak menerima tiket ini",
    "admitted on a day the ticket or gate is not valid": "diizinkan masuk pada hari tiket atau pintu tidak berlaku",
    "admitted on a forged or altered code (its signature does not verify)": "diizinkan masuk dengan kode palsu atau yang sudah diubah (tanda tangannya tidak cocok)",
    "Duplicate entries, check-ins the rules refuse, and overrides": "Masuk ganda, check-in yang ditolak aturan, dan pengecualian",
    "override by the desk": "pengecualian oleh petugas meja registrasi",
    "the rules": "menurut aturan",
    "this gate does not admit the ticket": "pintu ini tidak menerima tiketnya",
    "not a day of the event, the gate or the ticket": "bukan hari berlakunya acara, pintu, atau tiket",
    "already entered at this gate that day": "sudah masuk di pintu ini pada hari itu",
    "would have admitted them": "sebenarnya boleh masuk",
    # exports
    "Check-ins (CSV)": "Check-in (CSV)",
    "Attendees with attendance (CSV)": "Peserta dengan kehadiran (CSV)",
    "Attendance and check-ins (XLSX)": "Kehadiran dan check-in (XLSX)",
    "Attendance report for one day (PDF)": "Laporan kehadiran satu hari (PDF)",
    "Download": "Unduh",
    "Spreadsheet cells are formula-safe: a value starting with = + - @ is stored as text.": "Sel lembar kerja aman dari rumus: nilai yang diawali = + - @ disimpan sebagai teks.",
    # PDF labels
    "Generated": "Dibuat",
    # errors
    "Not found": "Tidak ditemukan",
    "Back": "Kembali",
}


#: The console's error messages in Indonesian: those without values in
#: :data:`INDONESIAN_ERRORS`, those with values (raised with f-strings) here as forms — the
#: English with ``{}`` where each value goes, the Indonesian with the values in the same
#: order. tests/console/test_console_text.py checks every message the console's stores
#: and routes raise has one.
INDONESIAN_ERRORS: dict[str, str] = {
    "A device name is at most 100 characters.": "Nama perangkat paling banyak 100 karakter.",
    "A device needs a name.": "Perangkat perlu diberi nama.",
    "A gate needs an id and a name.": "Pintu perlu ID dan nama.",
    "A pairing code is valid 1 to 1440 minutes.": "Kode penautan berlaku 1 sampai 1440 menit.",
    "An attendee needs a name.": "Peserta perlu diberi nama.",
    "An event needs a name.": "Acara perlu diberi nama.",
    "Give the ticket code to revoke (it is empty).": "Isi kode tiket yang akan dicabut (masih kosong).",
    "Give the validity in whole minutes (1 to 1440).": "Isi masa berlaku dalam menit, bilangan bulat 1 sampai 1440.",
    "No event yet.": "Belum ada acara.",
    "The central list has no event yet: create one (or import a CSV) before pairing devices for it.": "Server pusat belum punya acara: buat acara (atau impor CSV) sebelum menautkan perangkat.",
    "The central list has no event yet: create one or import a CSV.": "Server pusat belum punya acara: buat acara atau impor CSV.",
    "This attendee has no code yet.": "Peserta ini belum punya kode.",
    "Unknown action.": "Tindakan tidak dikenal.",
    "The central database is busy (no free connection); try again shortly.": "Basis data pusat sedang sibuk (tidak ada koneksi yang bebas); coba lagi sebentar lagi.",
    # uploads the central list refuses (core/roles.py, central/ingest.py), without values
    "this check-in is not part of the event(s) this device is paired for": "check-in ini bukan bagian dari acara yang ditautkan ke perangkat ini",
    "the check-in it undoes is not part of the event(s) this device is paired for": "check-in yang dibatalkannya bukan bagian dari acara yang ditautkan ke perangkat ini",
    "this attendee is not part of the event(s) this device is paired for": "peserta ini bukan bagian dari acara yang ditautkan ke perangkat ini",
    "this badge print is not part of the event(s) this device is paired for": "cetakan tanda pengenal ini bukan bagian dari acara yang ditautkan ke perangkat ini",
    "only a desk may record an override check-in": "hanya meja registrasi yang boleh mencatat check-in pengecualian",
    "an override is an entry": "pengecualian hanya untuk masuk",
    "an override needs a reason": "pengecualian perlu alasan",
    "an override's reason must be one line of plain text": "alasan pengecualian harus satu baris teks biasa",
    "only an override check-in carries an override reason": "hanya check-in pengecualian yang membawa alasan pengecualian",
    "an undo must name the check-in it undoes": "pembatalan harus menyebut check-in yang dibatalkan",
    "a kiosk may undo only its own check-ins (a desk may undo any)": "kiosk hanya boleh membatalkan check-in miliknya sendiri (meja registrasi boleh membatalkan semuanya)",
    "an undo cannot be undone": "pembatalan tidak dapat dibatalkan",
    "an undo must name a check-in of the same attendee": "pembatalan harus menyebut check-in peserta yang sama",
    "only a desk may register walk-ins (this device is paired as a kiosk)": "hanya meja registrasi yang boleh mendaftarkan peserta di tempat (perangkat ini ditautkan sebagai kiosk)",
    # the CSV import's refusals (kiosk/core/attendee_csv.py) without values
    "This does not look like a CSV text file (it contains binary data). If it is a spreadsheet, save it as CSV first.": "Ini tampaknya bukan berkas teks CSV (isinya data biner). Jika ini lembar kerja, simpan dulu sebagai CSV.",
    "The file is empty.": "Berkasnya kosong.",
    "no name": "tanpa nama",
    "NUL character": "karakter NUL",
}

INDONESIAN_FORMS: dict[str, str] = {
    "Cannot edit {}.": "Tidak dapat mengubah {}.",
    "Cannot issue a new code for {}: every variant is revoked or taken. Give them an imported code with `kiosk central edit ID --code CODE`.": "Tidak dapat membuat kode baru untuk {}: semua variannya sudah dicabut atau dipakai. Berikan kode hasil impor dengan `kiosk central edit ID --code CODE`.",
    "Code {} already belongs to {}.": "Kode {} sudah dimiliki {}.",
    "Gate {} belongs to event {}, which this pairing code is not for.": "Pintu {} milik acara {}, bukan acara untuk kode penautan ini.",
    "No attendee holds the code {}: check it (codes are case-sensitive), or add --force to revoke a code from another system.": "Tidak ada peserta dengan kode {}: periksa lagi (huruf besar dan kecil dibedakan), atau tambahkan --force untuk mencabut kode dari sistem lain.",
    "No attendee with id or code {} on the central list.": "Tidak ada peserta dengan ID atau kode {} di server pusat.",
    "No device {}.": "Tidak ada perangkat {}.",
    "No event {} on the central list.": "Tidak ada acara {} di server pusat.",
    "No export {}.": "Tidak ada ekspor {}.",
    "No flag {}.": "Tidak ada tanda {}.",
    "No gate {} on the central list.": "Tidak ada pintu {} di server pusat.",
    "The central database is unavailable: {}": "Basis data pusat tidak tersedia: {}",
    "The central list is busy: {}": "Server pusat sedang sibuk: {}",
    "Could not save to the central list: {}": "Tidak dapat menyimpan ke server pusat: {}",
    "The code {} is held in several events ({}, {}, ...): give the attendee's id instead.": "Kode {} dipakai di beberapa acara ({}, {}, ...): gunakan ID peserta.",
    "The code {} is held in several events ({}, {}, ...): say which with --event.": "Kode {} dipakai di beberapa acara ({}, {}, ...): sebutkan acaranya dengan --event.",
    "The gate id {} is used by another event: choose another id.": "ID pintu {} sudah dipakai acara lain: pilih ID lain.",
    "Unknown status {} (valid, cancelled).": "Status {} tidak dikenal (valid, cancelled).",
    "Unknown time zone {} (use an IANA name like Asia/Jakarta).": "Zona waktu {} tidak dikenal (gunakan nama IANA seperti Asia/Jakarta).",
    "{} is not a date: write days as YYYY-MM-DD, for example 2026-12-01.": "{} bukan tanggal: tulis hari sebagai YYYY-MM-DD, misalnya 2026-12-01.",
    "{} is not a day of {} ({}).": "{} bukan salah satu hari {} ({}).",
    # two organisers at the same moment (Attendees.guarded)
    "The code {} was just given to {} ({}) by another change at the same moment, so this change was not saved (it gave that code to {}): reload and try again.": "Kode {} baru saja diberikan kepada {} ({}) oleh perubahan lain pada saat yang sama, jadi perubahan ini tidak disimpan (perubahan ini memberikan kode itu kepada {}): muat ulang halaman lalu coba lagi.",
    "The code {} was just given to {} ({}) by another change at the same moment, so this change was not saved (it gave that code to {}): reload and try again. The file's first {} rows are saved: import it again once this is settled (nothing is doubled).": "Kode {} baru saja diberikan kepada {} ({}) oleh perubahan lain pada saat yang sama, jadi perubahan ini tidak disimpan (perubahan ini memberikan kode itu kepada {}): muat ulang halaman lalu coba lagi. {} baris pertama berkas ini sudah tersimpan: impor lagi berkas ini setelah masalahnya beres (tidak ada yang tercatat dua kali).",
    "Another change to {} was saved at the same moment, so this change was not saved: reload and try again.": "Perubahan lain pada {} tersimpan pada saat yang sama, jadi perubahan ini tidak disimpan: muat ulang halaman lalu coba lagi.",
    "Another change to {} was saved at the same moment, so this change was not saved: reload and try again. The file's first {} rows are saved: import it again once this is settled (nothing is doubled).": "Perubahan lain pada {} tersimpan pada saat yang sama, jadi perubahan ini tidak disimpan: muat ulang halaman lalu coba lagi. {} baris pertama berkas ini sudah tersimpan: impor lagi berkas ini setelah masalahnya beres (tidak ada yang tercatat dua kali).",
    # uploads the central list refuses (core/roles.py, central/ingest.py), with values
    "its id {} is not a UUID": "ID-nya {} bukan UUID",
    "attendee {} is not on the central list": "peserta {} tidak ada di server pusat",
    "gate {} is not on the central list": "pintu {} tidak ada di server pusat",
    "event {} is not on the central list": "acara {} tidak ada di server pusat",
    "attendee {} belongs to event {} but gate {} to event {}": "peserta {} milik acara {}, tetapi pintu {} milik acara {}",
    "gate {} is not part of the event(s) this device is paired for": "pintu {} bukan bagian dari acara yang ditautkan ke perangkat ini",
    "event {} is not part of the event(s) this device is paired for": "acara {} bukan acara yang ditautkan ke perangkat ini",
    "an override's reason is at most {} characters": "alasan pengecualian paling banyak {} karakter",
    "unknown direction {}": "arah {} tidak dikenal",
    "the check-in it undoes ({}) is not on the central list": "check-in yang dibatalkan ({}) tidak ada di server pusat",
    "too late to undo: the undo window is {} s after the check-in": "terlambat untuk membatalkan: pembatalan hanya bisa dalam {} detik setelah check-in",
    "the id {} is taken: register the walk-in again": "ID {} sudah dipakai: daftarkan lagi peserta di tempat ini",
    # the CSV import's refusals (kiosk/core/attendee_csv.py): whole files, then rows
    "There is no event {} on this list: nothing was imported.": "Tidak ada acara {} di server pusat: tidak ada yang diimpor.",
    "Line {} contains a NUL character (binary data): nothing was imported. Save the file again as plain CSV text.": "Baris {} berisi karakter NUL (data biner): tidak ada yang diimpor. Simpan ulang berkas ini sebagai teks CSV biasa.",
    "Cannot read the header row: {}": "Baris judul tidak dapat dibaca: {}",
    "No name column found (looked for Name/Nama/Full name...). Columns found: {}.": "Kolom nama tidak ditemukan (yang dicari: Name/Nama/Full name...). Kolom yang ada: {}.",
    "Nothing was imported: {} invalid row(s). Fix them, or use {} to import the other rows.": "Tidak ada yang diimpor: {} baris tidak valid. Perbaiki dulu, atau gunakan {} untuk mengimpor baris lainnya.",
    "unreadable row: {}": "baris tidak terbaca: {}",
    "has {} fields but the header has {} (a stray '{}' or quote?)": "berisi {} kolom, padahal baris judul hanya {} (mungkin ada '{}' atau tanda kutip yang tersasar?)",
    "malformed e-mail address {}": "alamat e-mail {} tidak valid",
    "ticket code {} is not 3-128 printable characters without spaces": "kode tiket {} harus 3–128 karakter yang dapat dicetak, tanpa spasi",
    "duplicate ticket code {} (also on line {})": "kode tiket {} ganda (juga ada di baris {})",
    "id {} must be 1-64 letters, digits, . : - _": "ID {} harus 1–64 karakter berupa huruf, angka, . : - _",
    "same person as line {}: the same id {}": "orang yang sama dengan baris {}: ID-nya sama, {}",
    "same person as line {}: the same ticket code {}": "orang yang sama dengan baris {}: kode tiketnya sama, {}",
    "same person as line {}: the same e-mail address {}": "orang yang sama dengan baris {}: alamat e-mailnya sama, {}",
    "same person as line {}: the same name {} and organisation {}": "orang yang sama dengan baris {}: nama ({}) dan organisasinya ({}) sama",
    "ticket code {} already belongs to {}": "kode tiket {} sudah dimiliki {}",
}

_FORMS = [(re.compile("^" + "(.+?)".join(re.escape(part) for part in english.split("{}"))
                      + "$", re.S), indonesian)
          for english, indonesian in INDONESIAN_FORMS.items()]


def indonesian(text: str) -> str:
    """``text`` in Indonesian: a known text, an error message, or an error message's
    form with its values put back; else ``text`` as it is (data, a name)."""
    known = INDONESIAN.get(text) or INDONESIAN_ERRORS.get(text)
    if known is not None:
        return known
    for pattern, form in _FORMS:
        found = pattern.match(text)
        if found:
            return _fill(form, found.groups())
    return text


def _fill(form: str, values: tuple[str, ...]) -> str:
    """``form`` with its ``{}`` replaced by ``values`` in order (not str.format: a
    value may hold braces)."""
    parts = form.split("{}")
    out = [parts[0]]
    for value, part in zip(values, parts[1:], strict=False):
        out += [value, part]
    return "".join(out)


def translator(lang: str) -> Callable[[str], str]:
    if lang == "id":
        return indonesian
    return lambda text: text


def choose(query: str | None, cookie: str | None, accept: str | None) -> str:
    for given in (query, cookie):
        if given in LANGUAGES:
            return given
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("id") or tag.startswith("in"):
            return "id"
        if tag.startswith("en"):
            return "en"
    return "en"
