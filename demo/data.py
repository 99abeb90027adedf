"""Demo content for the ``seed_demo`` management command.

Pure data, no Django imports: three complete Vietnamese courses with lessons and final quizzes.
The agency tree for Ninh Bình province (after the 2025 reorganisation into a two-tier local
government) and the ~60 people in it are not here: they are the files demo/agencies.csv and
demo/staff.csv, loaded by the same imports a province uses.

Lesson bodies are lists of ``(kind, payload)`` blocks where kind is one of ``HEADING``,
``PARAGRAPH``, ``NOTE`` (payload: str), ``LIST`` (payload: list[str]) or ``EXERCISE``
(payload: ``(xblock tag, authored fields)``, see ``demo/exercises.py``). Quiz choices are
``(text, is_correct)`` pairs; ``multiple`` is True when more than one choice is correct.
"""

from pathlib import Path

from demo.exercises import (
    EXERCISES_INTRO,
    ORDERING_SIGNING,
    PASSPHRASE_TRAINER,
    PHISHING_INBOX,
)

# Lesson body block kinds.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST = "list"
NOTE = "note"
EXERCISE = "exercise"  # payload: (XBlock tag, authored fields)


def _zone(uid: str, title: str, description: str, box: tuple[int, int, int, int]) -> dict:
    x, y, width, height = box
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "align": "center",
    }


def _item(number: int, text: str, zones: list[str], correct: str, incorrect: str) -> dict:
    return {
        "id": number,
        "displayName": text,
        "imageURL": "",
        "zones": zones,
        "feedback": {"correct": correct, "incorrect": incorrect},
    }


# drag-and-drop-v2's own background (a three-layer triangle) and its zone boxes.
PHISHING_DRAG_AND_DROP = {
    "display_name": "Xử lý thư nghi lừa đảo",
    "question_text": "Khi nhận một thư nghi lừa đảo, việc nào làm trước, việc nào làm sau?",
    "data": {
        "targetImgDescription": (
            "Một hình tháp ba tầng: tầng trên là việc làm ngay, tầng giữa là việc tiếp theo, "
            "tầng dưới là việc làm sau cùng."
        ),
        "displayLabels": True,
        "zones": [
            _zone("ngay", "Làm ngay", "Đỉnh tháp: việc làm ngay.", (160, 30, 196, 178)),
            _zone("tiep", "Tiếp theo", "Tầng giữa: việc tiếp theo.", (86, 210, 340, 138)),
            _zone("sau", "Sau cùng", "Đáy tháp: việc làm sau cùng.", (15, 350, 485, 135)),
        ],
        "items": [
            _item(
                0,
                "Không bấm đường liên kết, không mở tệp đính kèm",
                ["ngay"],
                "Đúng: chưa bấm thì kẻ gian chưa làm được gì.",
                "Chưa đúng: đây là việc phải làm ngay.",
            ),
            _item(
                1,
                "Báo bộ phận CNTT của cơ quan",
                ["tiep"],
                "Đúng: bộ phận CNTT chặn thư cho cả cơ quan.",
                "Chưa đúng: hãy báo CNTT ngay sau khi dừng tay.",
            ),
            _item(
                2,
                "Xóa thư và nhắc đồng nghiệp cảnh giác",
                ["sau"],
                "Đúng: xóa sau khi CNTT đã ghi nhận.",
                "Chưa đúng: xóa thư là việc làm sau cùng.",
            ),
            _item(
                3,
                "Trả lời thư để hỏi người gửi là ai",
                [],
                "Đúng: không bao giờ trả lời thư lừa đảo.",
                "Không nên: trả lời cho kẻ gian biết địa chỉ của bạn đang được dùng.",
            ),
        ],
        "feedback": {
            "start": "Kéo các việc vào tháp.",
            "finish": "Chính xác! Dừng tay, báo CNTT, rồi mới xóa thư.",
        },
    },
}

# The demo's agency tree and staff, as a province's HR would write them (UTF-8 CSV with the
# import's Vietnamese headers); seed_demo loads them through agencies' import services.
AGENCIES_FILE = Path(__file__).resolve().parent / "agencies.csv"
STAFF_FILE = Path(__file__).resolve().parent / "staff.csv"
# Training done before HọcSố, imported by HR so compliance starts from the truth.
TRAINING_RECORDS_FILE = Path(__file__).resolve().parent / "training_records.csv"

# The README's walkthrough account: no enrollments, so the whole path can be tried from the start.
# Its staff record is the last row of demo/staff.csv.
FRESH_LEARNER_USERNAME = "hocvien"

# Training requirements the province has already defined (compliance). The journey in the README
# adds the yearly information-security one in the admin. `due_date` "last month" is the last day
# of the month before the demo is loaded, so the demo always has people overdue.
REQUIREMENTS = [
    {
        "title": "Kỹ năng số cơ bản cho cán bộ, công chức",
        "description": "Kế hoạch chuyển đổi số của tỉnh: mọi cán bộ, công chức hoàn thành khóa kỹ "
        "năng số cơ bản.",
        "categories": ["can_bo", "cong_chuc"],
        "courses": ["KNS01"],
        "due_rule": "fixed",
        "due_date": "last month",
    },
    {
        "title": "Chính quyền số cho người mới vào cơ quan",
        "description": "Trong 90 ngày kể từ ngày vào cơ quan.",
        "categories": ["cong_chuc", "vien_chuc"],
        "courses": ["CQS01"],
        "due_rule": "after_joining",
        "due_days": 90,
    },
    {
        "title": "Bồi dưỡng kỹ năng số hằng năm (8 tiết)",
        "description": "Theo Nghị định 171/2025/NĐ-CP: bồi dưỡng theo vị trí việc làm, lĩnh vực "
        "kỹ năng số.",
        "satisfaction": "hours",
        "hours_required": 8,
        "hours_category": "ky_nang_so",
        "due_rule": "fixed",
        "due_date": "31/12",
        "recurrence": "yearly",
    },
]

# Our own three exercises in one optional lesson (content in demo/exercises.py).
EXERCISES_LESSON = {
    "slug": "thuc-hanh-an-toan-thong-tin",
    "title": "Thực hành: thư lừa đảo, ký số bằng token và cụm mật khẩu",
    # Optional, so the demo learners seeded as having finished keep their status.
    "required": False,
    "minutes": 20,
    "body": [
        (PARAGRAPH, EXERCISES_INTRO),
        (EXERCISE, ("phishing-inbox", PHISHING_INBOX)),
        (EXERCISE, ("ordering-steps", ORDERING_SIGNING)),
        (EXERCISE, ("passphrase-trainer", PASSPHRASE_TRAINER)),
    ],
}

# Courses. hours are tiết (teaching periods); lesson minutes are estimated reading time.
COURSES: list[dict] = [
    {
        "slug": "ky-nang-so-co-ban",
        "code": "KNS01",
        "title": "Kỹ năng số cơ bản cho cán bộ, công chức",
        "summary": (
            "Trang bị các kỹ năng số thiết yếu để làm việc hằng ngày trong "
            "môi trường văn phòng điện tử: tìm kiếm thông tin, xử lý văn bản "
            "điện tử, thư công vụ, họp trực tuyến và chia sẻ tệp an toàn."
        ),
        "description": (
            "Khóa học dành cho cán bộ, công chức, viên chức ở cả cấp tỉnh và cấp xã, không đòi "
            "hỏi kiến thức chuyên sâu về công nghệ thông tin. Học viên được hướng dẫn cách tìm "
            "và kiểm chứng thông tin, hiểu giá trị pháp lý của văn bản điện tử và luồng xử lý "
            "văn bản trên hệ thống quản lý văn bản và điều hành, sử dụng thư điện tử công vụ "
            "và họp trực tuyến đúng chuẩn mực, lưu trữ và chia sẻ tài liệu trên môi trường đám "
            "mây mà không làm lộ thông tin. Bài đọc thêm giới thiệu Khung năng lực số DigComp "
            "để mỗi người tự đánh giá và lập kế hoạch học tập tiếp theo. Cuối khóa có bài kiểm "
            "tra trắc nghiệm; đạt từ 70% trở lên được cấp chứng nhận hoàn thành."
        ),
        "hours": 8,
        "lessons": [
            {
                "slug": "tim-kiem-va-danh-gia-thong-tin",
                "title": "Tìm kiếm và đánh giá thông tin trên mạng",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Vì sao cần tìm kiếm có phương pháp"),
                    (
                        PARAGRAPH,
                        "Mỗi ngày, cán bộ, công chức phải tra cứu văn bản quy phạm pháp luật, "
                        "số liệu thống kê, hướng dẫn nghiệp vụ và các phản ánh của người dân. "
                        "Tìm nhanh nhưng dùng sai nguồn có thể dẫn đến tham mưu sai, trích "
                        "dẫn văn bản đã hết hiệu lực hoặc vô tình lan truyền tin giả. Vì vậy, "
                        "kỹ năng tìm kiếm phải luôn đi kèm thói quen kiểm chứng.",
                    ),
                    (HEADING, "Một số thủ thuật tìm kiếm hữu ích"),
                    (
                        LIST,
                        [
                            (
                                "Đặt cụm từ trong dấu ngoặc kép để tìm chính xác "
                                "cả cụm, ví dụ: “chữ ký số chuyên dùng công vụ”."
                            ),
                            (
                                "Dùng toán tử site: để giới hạn kết quả trong một "
                                "tên miền, ví dụ site:gov.vn chỉ lấy kết quả từ "
                                "trang của cơ quan nhà nước, site:chinhphu.vn chỉ "
                                "lấy kết quả từ Cổng Thông tin điện tử Chính phủ."
                            ),
                            (
                                "Dùng filetype:pdf khi cần tìm văn bản, báo "
                                "cáo hoặc tài liệu hướng dẫn ở dạng tệp."
                            ),
                            "Thêm dấu trừ trước từ muốn loại bỏ, ví dụ: dịch vụ công -quảng cáo.",
                            (
                                "Tìm theo số, ký hiệu và năm ban hành (ví "
                                "dụ 30/2020/NĐ-CP) thay vì gõ cả câu dài."
                            ),
                        ],
                    ),
                    (HEADING, "Tra cứu văn bản pháp luật đúng nguồn"),
                    (
                        PARAGRAPH,
                        "Với văn bản quy phạm pháp luật, nguồn tin cậy là Cơ sở dữ liệu "
                        "quốc gia về văn bản pháp luật, Công báo và cổng thông tin điện tử "
                        "của chính cơ quan ban hành. Các trang tổng hợp thương mại tiện cho "
                        "tra cứu nhanh nhưng không phải nguồn chính thức, có thể đăng thiếu "
                        "hoặc chậm cập nhật. Khi trích dẫn, luôn kiểm tra tình trạng hiệu "
                        "lực: còn hiệu lực, hết hiệu lực một phần hay đã bị thay thế. Sau "
                        "đợt sắp xếp bộ máy năm 2025, nhiều văn bản còn ghi tên cơ quan cũ, "
                        "chẳng hạn Sở Thông tin và Truyền thông; cần đọc kỹ quy định chuyển "
                        "tiếp để xác định cơ quan nào hiện đang thực hiện nhiệm vụ đó.",
                    ),
                    (HEADING, "Năm câu hỏi để đánh giá một nguồn tin"),
                    (
                        LIST,
                        [
                            (
                                "Ai là tác giả hoặc cơ quan đứng tên? "
                                "Có thông tin liên hệ rõ ràng không?"
                            ),
                            (
                                "Thông tin đăng khi nào, đã được cập "
                                "nhật sau những thay đổi gần đây chưa?"
                            ),
                            "Nội dung có dẫn nguồn, số liệu, văn bản gốc để đối chiếu không?",
                            (
                                "Mục đích của trang là cung cấp thông "
                                "tin, bán hàng hay thu hút lượt xem?"
                            ),
                            (
                                "Có ít nhất một nguồn chính thống, độc "
                                "lập khác xác nhận cùng nội dung không?"
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Với tin nhắn hoặc bài đăng mạng xã hội có nội dung gây "
                        "sốc, kêu gọi “chia sẻ ngay”, hãy dừng lại và kiểm chứng "
                        "trước khi chuyển tiếp. Chia sẻ tin sai sự thật, kể cả vô "
                        "tình, ảnh hưởng đến uy tín của bản thân và của cơ quan.",
                    ),
                    (
                        PARAGRAPH,
                        "Khi đã tìm được thông tin phục vụ công việc, hãy lưu lại đường "
                        "dẫn, ngày truy cập và bản sao tài liệu gốc vào hồ sơ công "
                        "việc, để đồng nghiệp và lãnh đạo có thể kiểm tra lại khi cần.",
                    ),
                ],
            },
            {
                "slug": "van-ban-dien-tu",
                "title": "Văn bản điện tử và hệ thống quản lý văn bản và điều hành",
                "required": True,
                "minutes": 30,
                "body": [
                    (HEADING, "Văn bản điện tử là gì"),
                    (
                        PARAGRAPH,
                        "Theo Nghị định 30/2020/NĐ-CP về công tác văn thư, văn bản điện tử "
                        "là văn bản ở dạng thông điệp dữ liệu, được tạo lập trực tiếp trên "
                        "máy tính hoặc số hóa từ văn bản giấy, và phải trình bày đúng thể "
                        "thức, kỹ thuật, định dạng theo quy định. Khi có chữ ký số của người "
                        "có thẩm quyền và chữ ký số của cơ quan, tổ chức theo đúng quy định, "
                        "văn bản điện tử có giá trị pháp lý như bản gốc văn bản giấy.",
                    ),
                    (
                        PARAGRAPH,
                        "Văn bản điện tử được phát hành ở định dạng PDF. Trên văn bản, "
                        "hình ảnh chữ ký của người có thẩm quyền có màu xanh; chữ ký số "
                        "của cơ quan hiển thị hình ảnh con dấu màu đỏ kèm tên cơ quan "
                        "và thời gian ký. Nhờ vậy, người nhận vừa nhìn thấy được như "
                        "văn bản giấy, vừa kiểm tra được tính xác thực bằng phần mềm.",
                    ),
                    (HEADING, "Hệ thống quản lý văn bản và điều hành"),
                    (
                        PARAGRAPH,
                        "Đây là phần mềm dùng chung trong các cơ quan của tỉnh để tiếp nhận, "
                        "phân công, xử lý, trình ký, phát hành và lưu trữ văn bản trên môi "
                        "trường mạng. Hệ thống của các cơ quan được kết nối với nhau và với "
                        "các bộ, ngành qua Trục liên thông văn bản quốc gia, nhờ đó văn bản "
                        "đến nơi nhận trong vài phút thay vì vài ngày như gửi qua bưu điện.",
                    ),
                    (HEADING, "Luồng xử lý một văn bản đến"),
                    (
                        LIST,
                        [
                            (
                                "Văn thư tiếp nhận văn bản, kiểm tra chữ ký số, "
                                "đăng ký vào sổ văn bản đến và trình lãnh đạo."
                            ),
                            (
                                "Lãnh đạo cho ý kiến chỉ đạo, giao đơn vị chủ trì, đơn "
                                "vị phối hợp và thời hạn xử lý ngay trên hệ thống."
                            ),
                            (
                                "Chuyên viên được giao nghiên cứu, dự thảo văn bản trả "
                                "lời, đính kèm tài liệu liên quan và trình lãnh đạo phòng."
                            ),
                            (
                                "Người có thẩm quyền ký số; văn thư kiểm tra thể "
                                "thức, cấp số, ký số của cơ quan và phát hành."
                            ),
                            (
                                "Văn bản, ý kiến xử lý và tài liệu kèm theo "
                                "được lập thành hồ sơ công việc điện tử."
                            ),
                        ],
                    ),
                    (HEADING, "Thói quen làm việc hiệu quả"),
                    (
                        LIST,
                        [
                            (
                                "Mở hệ thống ít nhất hai lần mỗi ngày; xử lý văn "
                                "bản theo hạn xử lý chứ không theo thứ tự đến."
                            ),
                            "Ghi ý kiến xử lý ngắn gọn: rõ việc, rõ người, rõ thời hạn.",
                            (
                                "Đặt tên tệp dự thảo có ngày và phiên bản, ví "
                                "dụ 2025-09-15_bao-cao-chuyen-doi-so_v2.docx."
                            ),
                            (
                                "Không in văn bản ra giấy chỉ để đọc hoặc chuyển "
                                "tay; dùng chức năng chuyển xử lý trên hệ thống."
                            ),
                            (
                                "Với văn bản giấy nhận từ người dân hoặc từ nơi chưa kết nối liên "
                                "thông, văn thư số hóa và đưa lên hệ thống để xử lý thống nhất."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Hệ thống quản lý văn bản và điều hành không được dùng để soạn "
                        "thảo, trao đổi văn bản có nội dung bí mật nhà nước. Văn bản mật "
                        "phải được xử lý theo quy định riêng về bảo vệ bí mật nhà nước.",
                    ),
                ],
            },
            {
                "slug": "thu-cong-vu-va-hop-truc-tuyen",
                "title": "Thư điện tử công vụ và họp trực tuyến",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Thư điện tử công vụ"),
                    (
                        PARAGRAPH,
                        "Mỗi cán bộ, công chức, viên chức được cấp một hộp thư công vụ "
                        "theo tên miền của tỉnh. Hộp thư này dùng để trao đổi công việc, "
                        "nhận thông báo từ các hệ thống thông tin và liên lạc với cơ "
                        "quan, tổ chức bên ngoài. Không dùng hộp thư cá nhân như Gmail, "
                        "Yahoo để gửi, nhận tài liệu công việc: cơ quan không quản lý, "
                        "không sao lưu và không bảo đảm an toàn cho các tài khoản đó, và "
                        "khi bạn chuyển công tác, tài liệu cũng đi theo hộp thư cá nhân.",
                    ),
                    (HEADING, "Viết một thư công vụ rõ ràng"),
                    (
                        LIST,
                        [
                            (
                                "Tiêu đề nêu đúng nội dung và việc cần làm, ví dụ: [Đề nghị "
                                "góp ý] Dự thảo kế hoạch chuyển đổi số năm 2026 – hạn 20/10."
                            ),
                            (
                                "Điền đúng người nhận: “Đến” cho người cần xử lý, CC "
                                "cho người cần biết; dùng BCC khi gửi cho nhiều đơn "
                                "vị bên ngoài để không làm lộ danh sách địa chỉ."
                            ),
                            (
                                "Mở đầu bằng lời chào, đi thẳng vào nội dung, "
                                "kết thúc bằng đề nghị cụ thể và thời hạn."
                            ),
                            (
                                "Tệp lớn nên gửi bằng đường dẫn chia sẻ trên hệ thống "
                                "lưu trữ của cơ quan thay vì đính kèm trực tiếp."
                            ),
                            (
                                "Luôn có chữ ký thư gồm họ tên, chức "
                                "vụ, đơn vị và số điện thoại cơ quan."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Trước khi bấm “Trả lời tất cả”, hãy tự hỏi mọi người trong danh "
                        "sách có thật sự cần đọc thư của bạn không. Trước khi bấm “Gửi”, "
                        "kiểm tra lại địa chỉ người nhận: gửi nhầm địa chỉ là một trong "
                        "những nguyên nhân phổ biến nhất gây lộ lọt thông tin.",
                    ),
                    (HEADING, "Họp trực tuyến hiệu quả"),
                    (
                        PARAGRAPH,
                        "Họp trực tuyến giúp tiết kiệm thời gian và chi phí đi lại, "
                        "đặc biệt với các xã, phường ở xa trung tâm tỉnh. Các cuộc "
                        "họp chính thức nên tổ chức trên hệ thống họp trực tuyến do "
                        "cơ quan nhà nước cung cấp; các nền tảng công cộng chỉ nên "
                        "dùng cho trao đổi thông thường, không có nội dung nhạy cảm.",
                    ),
                    (
                        LIST,
                        [
                            (
                                "Người chủ trì gửi giấy mời kèm đường dẫn, mã phòng "
                                "họp, chương trình và tài liệu trước cuộc họp."
                            ),
                            (
                                "Người dự vào phòng sớm 5–10 phút để kiểm tra âm thanh, "
                                "camera, đường truyền; đặt tên hiển thị gồm họ tên và đơn vị."
                            ),
                            (
                                "Tắt micro khi không phát biểu; dùng chức năng "
                                "giơ tay hoặc khung trò chuyện để xin phát biểu."
                            ),
                            (
                                "Trước khi chia sẻ màn hình, đóng các cửa sổ, "
                                "thư và tin nhắn không liên quan; ưu tiên "
                                "chia sẻ một cửa sổ thay vì toàn bộ màn hình."
                            ),
                            (
                                "Chỉ ghi âm, ghi hình khi người chủ trì "
                                "đồng ý và đã thông báo cho người tham dự."
                            ),
                        ],
                    ),
                    (
                        PARAGRAPH,
                        "Sau cuộc họp, bộ phận thư ký gửi thông báo kết luận qua hệ thống "
                        "quản lý văn bản và điều hành hoặc thư công vụ, nêu rõ việc cần làm, "
                        "người thực hiện và thời hạn, để cuộc họp thực sự dẫn đến hành động.",
                    ),
                ],
            },
            {
                "slug": "luu-tru-dam-may-va-chia-se-tep",
                "title": "Lưu trữ đám mây và chia sẻ tệp an toàn",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Lưu trữ đám mây là gì"),
                    (
                        PARAGRAPH,
                        "Lưu trữ đám mây là việc lưu tệp trên máy chủ của nhà cung cấp dịch "
                        "vụ và truy cập qua Internet từ nhiều thiết bị. Ưu điểm là không mất "
                        "dữ liệu khi hỏng máy, nhiều người cùng soạn một tài liệu và xem lại "
                        "được lịch sử phiên bản. Đổi lại, dữ liệu đã rời khỏi máy tính của "
                        "bạn, nên phải cân nhắc lưu ở đâu và ai được quyền truy cập.",
                    ),
                    (HEADING, "Chọn nơi lưu phù hợp với loại dữ liệu"),
                    (
                        LIST,
                        [
                            (
                                "Tài liệu công khai, tài liệu tham khảo: có thể lưu trên dịch vụ "
                                "lưu trữ do cơ quan cung cấp hoặc được cơ quan cho phép sử dụng."
                            ),
                            (
                                "Tài liệu nội bộ, dự thảo chưa ban hành, dữ liệu cá nhân "
                                "của người dân: chỉ lưu trên hệ thống của cơ quan, phân "
                                "quyền đúng người, không lưu trên tài khoản cá nhân."
                            ),
                            (
                                "Tài liệu chứa bí mật nhà nước: tuyệt đối không soạn "
                                "thảo, lưu trữ trên máy tính hoặc thiết bị có kết "
                                "nối Internet và không đưa lên bất kỳ dịch vụ đám "
                                "mây nào, theo Luật Bảo vệ bí mật nhà nước năm 2018."
                            ),
                        ],
                    ),
                    (HEADING, "Chia sẻ đúng người, đúng quyền, đúng thời hạn"),
                    (
                        LIST,
                        [
                            (
                                "Chia sẻ cho từng địa chỉ thư công vụ cụ thể thay "
                                "vì bật chế độ “bất kỳ ai có đường liên kết”."
                            ),
                            (
                                "Cấp quyền thấp nhất đủ dùng: chỉ xem, "
                                "được bình luận hay được chỉnh sửa."
                            ),
                            (
                                "Đặt thời hạn hết hiệu lực cho đường "
                                "liên kết chia sẻ ra bên ngoài cơ quan."
                            ),
                            (
                                "Thu hồi quyền khi công việc kết thúc hoặc "
                                "khi có người chuyển công tác, nghỉ việc."
                            ),
                            (
                                "Định kỳ rà soát mục “Đã chia sẻ” để phát "
                                "hiện tệp đang mở công khai ngoài ý muốn."
                            ),
                        ],
                    ),
                    (HEADING, "Tổ chức thư mục và sao lưu"),
                    (
                        PARAGRAPH,
                        "Thống nhất trong phòng cách đặt tên thư mục theo năm, lĩnh vực và hồ "
                        "sơ công việc giúp mọi người tìm tài liệu nhanh, kể cả khi người phụ "
                        "trách đi vắng. Hãy dùng lịch sử phiên bản thay vì tạo nhiều bản sao "
                        "với tên “bản cuối”, “bản cuối cùng”, “bản sửa lần 3”. Với dữ liệu quan "
                        "trọng, áp dụng nguyên tắc sao lưu 3-2-1: giữ ba bản sao, trên hai loại "
                        "phương tiện lưu trữ khác nhau, trong đó một bản đặt ở nơi khác.",
                    ),
                    (
                        NOTE,
                        "Khi chia sẻ bảng tính có số định danh cá nhân, số điện thoại hay địa "
                        "chỉ của người dân, hãy tự hỏi người nhận có thật sự cần tất cả các "
                        "cột đó không. Chỉ chia sẻ phần dữ liệu tối thiểu cần cho công việc.",
                    ),
                ],
            },
            {
                "slug": "khung-nang-luc-so-digcomp",
                "title": "Đọc thêm: Khung năng lực số DigComp và tự đánh giá",
                "required": False,
                "minutes": 20,
                "body": [
                    (HEADING, "DigComp là gì"),
                    (
                        PARAGRAPH,
                        "DigComp là Khung năng lực số cho công dân do Trung tâm Nghiên cứu "
                        "chung (JRC) của Ủy ban châu Âu xây dựng và được nhiều quốc gia "
                        "tham khảo. Phiên bản 2.2 (năm 2022) mô tả 21 năng lực thuộc 5 "
                        "lĩnh vực; mỗi năng lực có 8 mức thành thạo, từ cơ bản đến chuyên "
                        "sâu. Ở Việt Nam, Bộ Giáo dục và Đào tạo đã ban hành Khung năng "
                        "lực số cho người học (Thông tư 02/2025/TT-BGDĐT) dựa trên DigComp "
                        "2.2, bổ sung thêm miền năng lực về ứng dụng trí tuệ nhân tạo.",
                    ),
                    (HEADING, "Năm lĩnh vực năng lực"),
                    (
                        LIST,
                        [
                            (
                                "Thông tin và dữ liệu: tìm kiếm, đánh giá và "
                                "quản lý thông tin, dữ liệu, nội dung số."
                            ),
                            (
                                "Giao tiếp và hợp tác: tương tác, chia sẻ qua công "
                                "nghệ số, tham gia đời sống xã hội với tư cách công "
                                "dân số, ứng xử trên mạng và quản lý danh tính số."
                            ),
                            (
                                "Sáng tạo nội dung số: soạn thảo, chỉnh sửa, tích hợp nội "
                                "dung; hiểu về bản quyền và giấy phép; lập trình ở mức cơ bản."
                            ),
                            (
                                "An toàn: bảo vệ thiết bị, dữ liệu cá nhân và quyền "
                                "riêng tư, sức khỏe và môi trường khi dùng công nghệ."
                            ),
                            (
                                "Giải quyết vấn đề: xử lý trục trặc kỹ thuật, chọn công "
                                "cụ phù hợp với nhu cầu, dùng công nghệ một cách sáng "
                                "tạo và nhận ra khoảng trống năng lực số của bản thân."
                            ),
                        ],
                    ),
                    (HEADING, "Gắn với công việc hằng ngày"),
                    (
                        PARAGRAPH,
                        "Mỗi lĩnh vực đều có mặt trong công việc của công chức: tra cứu văn "
                        "bản là năng lực thông tin; trao đổi qua thư công vụ và họp trực tuyến "
                        "là giao tiếp, hợp tác; soạn báo cáo, lập bảng tính, viết tin bài cho "
                        "cổng thông tin là sáng tạo nội dung; nhận diện thư lừa đảo và bảo vệ "
                        "dữ liệu của người dân là an toàn; tự khắc phục lỗi kết nối máy in hay "
                        "tìm công cụ phù hợp để tổng hợp số liệu là giải quyết vấn đề.",
                    ),
                    (HEADING, "Tự đánh giá theo bốn nhóm mức"),
                    (
                        LIST,
                        [
                            "Cơ bản (mức 1–2): làm được việc đơn giản khi có người hướng dẫn.",
                            (
                                "Trung cấp (mức 3–4): tự làm được các "
                                "việc thường xuyên, xác định rõ ràng."
                            ),
                            (
                                "Nâng cao (mức 5–6): hướng dẫn được "
                                "người khác, xử lý được tình huống mới."
                            ),
                            (
                                "Chuyên sâu (mức 7–8): giải quyết vấn đề phức "
                                "tạp, đề xuất cách làm mới cho cơ quan, lĩnh vực."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Hãy chọn hai năng lực bạn thấy mình yếu nhất và đặt mục "
                        "tiêu nâng lên một mức trong sáu tháng tới. Các khóa học "
                        "trên HọcSố được gắn với từng lĩnh vực để bạn dễ lựa chọn.",
                    ),
                ],
            },
        ],
        "quiz": {
            "slug": "kiem-tra-ky-nang-so-co-ban",
            "title": "Bài kiểm tra cuối khóa: Kỹ năng số cơ bản",
            "pass_mark": 70,
            "intro": (
                "Bài kiểm tra gồm các câu hỏi trắc nghiệm về nội dung các bài học bắt buộc. Với "
                "câu hỏi có nhiều đáp án đúng, bạn cần chọn đủ và đúng tất cả các đáp án. Bạn "
                "cần đạt từ 70% trở lên để hoàn thành khóa học và có thể làm lại nếu chưa đạt."
            ),
            "questions": [
                {
                    "prompt": (
                        "Bạn muốn chỉ nhận kết quả tìm kiếm từ trang web của các "
                        "cơ quan nhà nước Việt Nam. Bạn nên thêm gì vào từ khóa?"
                    ),
                    "choices": [
                        ("site:gov.vn", True),
                        ("filetype:gov", False),
                        ("intitle:nhà nước", False),
                        ("Dấu trừ trước chữ “gov”", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Toán tử site: giới hạn kết quả trong một tên miền; site:gov.vn "
                        "chỉ trả về trang thuộc tên miền .gov.vn của cơ quan nhà nước."
                    ),
                },
                {
                    "prompt": (
                        "Những nguồn nào là nguồn chính thức để tra cứu văn bản quy phạm pháp luật?"
                    ),
                    "choices": [
                        ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", True),
                        ("Công báo", True),
                        ("Trang tổng hợp văn bản của một công ty tư nhân", False),
                        ("Bài chia sẻ trong nhóm mạng xã hội của đồng nghiệp", False),
                    ],
                    "multiple": True,
                    "explanation": (
                        "Cơ sở dữ liệu quốc gia về văn bản pháp luật và Công báo (cùng cổng "
                        "thông tin của cơ quan ban hành) là nguồn chính thức; các trang "
                        "tổng hợp hay mạng xã hội chỉ để tham khảo và phải đối chiếu lại."
                    ),
                },
                {
                    "prompt": (
                        "Trước khi chia sẻ một tin nhắn gây sốc kêu "
                        "gọi “chuyển tiếp ngay”, bạn nên làm gì?"
                    ),
                    "choices": [
                        ("Chuyển tiếp ngay để mọi người kịp biết", False),
                        (
                            "Dừng lại, kiểm chứng qua nguồn chính "
                            "thống trước khi quyết định chia sẻ",
                            True,
                        ),
                        ("Chia sẻ kèm dòng chữ “chưa kiểm chứng”", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Thông tin chưa kiểm chứng không nên lan truyền, kể cả "
                        "có ghi chú; cần đối chiếu với nguồn chính thống trước."
                    ),
                },
                {
                    "prompt": (
                        "Theo Nghị định 30/2020/NĐ-CP, văn bản điện tử có "
                        "giá trị pháp lý như bản gốc văn bản giấy khi nào?"
                    ),
                    "choices": [
                        ("Khi được gửi từ hộp thư công vụ", False),
                        (
                            "Khi được ký số bởi người có thẩm quyền và "
                            "ký số của cơ quan, tổ chức theo quy định",
                            True,
                        ),
                        ("Khi được scan từ bản giấy có chữ ký tay", False),
                        ("Khi được lưu ở định dạng Word", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Văn bản điện tử cần có chữ ký số của người có thẩm "
                        "quyền và chữ ký số của cơ quan, tổ chức theo quy định "
                        "thì mới có giá trị pháp lý như bản gốc văn bản giấy."
                    ),
                },
                {
                    "prompt": "Văn bản điện tử được phát hành ở định dạng nào?",
                    "choices": [
                        ("PDF", True),
                        ("DOCX", False),
                        ("JPG", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Văn bản điện tử phát hành ở định dạng PDF, "
                        "có hình ảnh chữ ký và con dấu kèm chữ ký số."
                    ),
                },
                {
                    "prompt": (
                        "Hệ thống quản lý văn bản và điều hành của tỉnh "
                        "gửi, nhận văn bản với các bộ, ngành qua đâu?"
                    ),
                    "choices": [
                        ("Trục liên thông văn bản quốc gia", True),
                        ("Hộp thư cá nhân của văn thư", False),
                        ("Nhóm Zalo của các văn phòng", False),
                        ("Cổng Dịch vụ công quốc gia", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Văn bản điện tử giữa các cơ quan được gửi, "
                        "nhận qua Trục liên thông văn bản quốc gia."
                    ),
                },
                {
                    "prompt": (
                        "Bạn gửi một thông báo cho 40 doanh nghiệp bên ngoài và không muốn "
                        "họ thấy địa chỉ của nhau. Bạn nên đặt địa chỉ của họ ở ô nào?"
                    ),
                    "choices": [
                        ("BCC", True),
                        ("CC", False),
                        ("Đến (To)", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Người nhận ở ô BCC không nhìn thấy địa chỉ "
                        "của nhau, tránh làm lộ danh sách địa chỉ."
                    ),
                },
                {
                    "prompt": (
                        "Việc nào nên làm trước khi chia sẻ màn hình trong cuộc họp trực tuyến?"
                    ),
                    "choices": [
                        (
                            "Đóng các cửa sổ, thư, tin nhắn không liên "
                            "quan và ưu tiên chỉ chia sẻ một cửa sổ",
                            True,
                        ),
                        ("Chia sẻ toàn bộ màn hình để mọi người thấy rõ hơn", False),
                        ("Bật ghi hình cuộc họp mà không cần thông báo", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Chia sẻ toàn màn hình dễ làm lộ thư, tin nhắn hoặc tài liệu "
                        "khác đang mở; chỉ ghi hình khi đã được đồng ý và thông báo."
                    ),
                },
                {
                    "prompt": "Những cách chia sẻ tệp nào là đúng nguyên tắc an toàn?",
                    "choices": [
                        ("Chia sẻ cho từng địa chỉ thư công vụ cụ thể", True),
                        ("Cấp quyền thấp nhất đủ dùng, ví dụ chỉ xem", True),
                        ("Bật “bất kỳ ai có đường liên kết” và để như vậy lâu dài cho tiện", False),
                        ("Giữ nguyên quyền truy cập của người đã chuyển công tác", False),
                    ],
                    "multiple": True,
                    "explanation": (
                        "Chia sẻ đúng người, đúng quyền, đúng thời hạn; đường liên kết công "
                        "khai lâu dài và quyền của người đã rời đi đều là nguy cơ lộ dữ liệu."
                    ),
                },
                {
                    "prompt": "Tài liệu chứa bí mật nhà nước được phép lưu ở đâu?",
                    "choices": [
                        ("Trên dịch vụ lưu trữ đám mây của cơ quan, có đặt mật khẩu", False),
                        (
                            "Trên máy tính làm việc có kết nối Internet "
                            "nhưng được cài phần mềm diệt virus",
                            False,
                        ),
                        (
                            "Không lưu trên thiết bị kết nối Internet hay dịch vụ "
                            "đám mây; xử lý theo quy định về bảo vệ bí mật nhà nước",
                            True,
                        ),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Luật Bảo vệ bí mật nhà nước năm 2018 cấm soạn thảo, lưu "
                        "trữ bí mật nhà nước trên thiết bị kết nối Internet; "
                        "không dịch vụ đám mây nào được dùng cho tài liệu mật."
                    ),
                },
                {
                    "prompt": "Nguyên tắc sao lưu 3-2-1 nghĩa là gì?",
                    "choices": [
                        (
                            "Ba bản sao, trên hai loại phương tiện "
                            "khác nhau, một bản đặt ở nơi khác",
                            True,
                        ),
                        ("Sao lưu ba lần mỗi ngày, giữ trong hai tuần, xóa sau một tháng", False),
                        ("Ba người giữ mật khẩu, hai người được sửa, một người được xóa", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "3-2-1: ba bản sao dữ liệu, trên hai loại phương tiện lưu "
                        "trữ, trong đó một bản ở vị trí khác để phòng sự cố tại chỗ."
                    ),
                },
            ],
        },
    },
    {
        "slug": "an-toan-thong-tin",
        "code": "ATTT01",
        "title": "An toàn thông tin cho cán bộ, công chức",
        "summary": (
            "Giúp cán bộ, công chức nhận diện lừa đảo trực tuyến, bảo vệ tài khoản, bảo "
            "vệ dữ liệu cá nhân của người dân và biết cách xử lý, báo cáo khi có sự cố."
        ),
        "description": (
            "Phần lớn sự cố an toàn thông tin trong cơ quan nhà nước bắt đầu từ một thao tác "
            "của người dùng: bấm vào đường liên kết giả, dùng lại mật khẩu, cắm một chiếc USB "
            "lạ. Khóa học tập trung vào những tình huống thực tế mà cán bộ, công chức gặp hằng "
            "ngày: thư, tin nhắn và cuộc gọi giả danh công an, cơ quan thuế, lãnh đạo; cách "
            "đặt mật khẩu và bật xác thực đa yếu tố; nghĩa vụ bảo vệ dữ liệu cá nhân theo Nghị "
            "định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân năm 2025; sử dụng máy tính, "
            "điện thoại, USB an toàn; và các bước cần làm khi nghi ngờ có sự cố, trong bối "
            "cảnh quản lý nhà nước về an toàn thông tin mạng nay thuộc lực lượng Công an."
        ),
        "hours": 8,
        "lessons": [
            {
                "slug": "nhan-dien-lua-dao",
                "title": "Nhận diện thư, tin nhắn và cuộc gọi lừa đảo",
                "required": True,
                "minutes": 30,
                "body": [
                    (HEADING, "Vì sao cán bộ, công chức là mục tiêu"),
                    (
                        PARAGRAPH,
                        "Một tài khoản thư công vụ hay tài khoản hệ thống bị chiếm có thể "
                        "trở thành cửa ngõ để kẻ tấn công xâm nhập cả cơ quan, gửi thư giả "
                        "mạo đến đơn vị khác hoặc đánh cắp dữ liệu của người dân. Hình "
                        "thức phổ biến nhất là lừa đảo giả mạo (phishing): kẻ gian đóng "
                        "vai một tổ chức đáng tin để dụ người nhận bấm vào đường liên kết, "
                        "mở tệp đính kèm, khai mật khẩu, mã OTP hoặc chuyển tiền.",
                    ),
                    (HEADING, "Các kịch bản thường gặp"),
                    (
                        LIST,
                        [
                            (
                                "Giả danh công an: gọi điện báo bạn hoặc người thân "
                                "“liên quan đến một vụ án”, yêu cầu giữ bí mật, kết "
                                "bạn qua Zalo, cài ứng dụng hoặc chuyển tiền vào "
                                "“tài khoản tạm giữ” để “chứng minh trong sạch”."
                            ),
                            (
                                "Giả danh cơ quan thuế: tin nhắn, cuộc gọi đề nghị “cập "
                                "nhật thông tin”, “hoàn thuế”, kèm đường liên kết tải ứng "
                                "dụng giả (tệp .apk) có giao diện giống ứng dụng thuế thật."
                            ),
                            (
                                "Giả danh lãnh đạo, đồng nghiệp: tin nhắn từ tài khoản mang tên "
                                "và ảnh của lãnh đạo, nhờ chuyển tiền gấp hoặc mua thẻ cào."
                            ),
                            (
                                "Giả danh bộ phận công nghệ thông tin: thư báo “hộp thư sắp "
                                "đầy”, “mật khẩu sắp hết hạn”, dẫn đến trang đăng nhập giả."
                            ),
                            (
                                "Giả danh ngân hàng, đơn vị giao hàng, điện lực: báo khóa tài "
                                "khoản, giao hàng thất bại, sắp cắt điện, kèm đường liên kết lạ."
                            ),
                        ],
                    ),
                    (HEADING, "Dấu hiệu nhận biết"),
                    (
                        LIST,
                        [
                            (
                                "Tạo áp lực thời gian hoặc gây sợ hãi: “trong vòng "
                                "24 giờ”, “tài khoản sẽ bị khóa”, “sẽ bị khởi tố”."
                            ),
                            (
                                "Địa chỉ người gửi hoặc tên miền sai khác rất "
                                "nhỏ so với địa chỉ thật, ví dụ chữ “o” bị thay "
                                "bằng số “0”, hoặc đuôi .com thay cho .gov.vn."
                            ),
                            (
                                "Đường liên kết hiển thị một địa chỉ nhưng "
                                "khi rê chuột lên lại trỏ đến địa chỉ khác."
                            ),
                            (
                                "Tệp đính kèm bất thường: .exe, .apk, tệp nén có mật khẩu, "
                                "tài liệu Office yêu cầu “bật nội dung” hoặc bật macro."
                            ),
                            (
                                "Yêu cầu cung cấp mật khẩu, mã OTP, ảnh chụp giấy tờ "
                                "tùy thân hoặc quét khuôn mặt qua một ứng dụng lạ."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Cơ quan công an không giải quyết vụ việc qua điện thoại, không yêu cầu "
                        "chuyển tiền vào tài khoản để “xác minh” và không hướng dẫn cài ứng dụng "
                        "qua cuộc gọi. Cơ quan thuế không gửi đường liên kết tải ứng dụng qua tin "
                        "nhắn. Gặp những yêu cầu như vậy, bạn có thể khẳng định đó là lừa đảo.",
                    ),
                    (HEADING, "Xử lý khi nghi ngờ"),
                    (
                        PARAGRAPH,
                        "Không bấm liên kết, không mở tệp, không trả lời và không cung cấp "
                        "bất kỳ thông tin nào. Hãy xác minh qua một kênh khác mà bạn tự tìm "
                        "được: gọi số điện thoại cơ quan đã biết từ trước, hoặc hỏi trực "
                        "tiếp người được cho là đã gửi. Chuyển tiếp thư nghi ngờ cho bộ "
                        "phận công nghệ thông tin của cơ quan rồi xóa. Nếu lỡ nhập mật khẩu "
                        "hoặc cài ứng dụng lạ, hãy đổi mật khẩu từ một thiết bị khác và báo "
                        "cáo ngay theo bài “Xử lý và báo cáo sự cố an toàn thông tin”.",
                    ),
                ],
            },
            {
                "slug": "mat-khau-va-xac-thuc-da-yeu-to",
                "title": "Mật khẩu mạnh và xác thực đa yếu tố",
                "required": True,
                "minutes": 20,
                "body": [
                    (HEADING, "Vì sao mật khẩu bị lộ"),
                    (
                        PARAGRAPH,
                        "Phần lớn tài khoản bị chiếm không phải do kẻ tấn công “bẻ khóa” "
                        "tinh vi mà do mật khẩu ngắn, dễ đoán, dùng chung cho nhiều nơi, "
                        "hoặc do chính người dùng nhập vào trang giả mạo. Khi một trang "
                        "web bị lộ dữ liệu, kẻ gian sẽ thử cùng cặp tên đăng nhập và mật "
                        "khẩu đó trên thư điện tử, mạng xã hội và các hệ thống công vụ.",
                    ),
                    (HEADING, "Tạo và quản lý mật khẩu"),
                    (
                        LIST,
                        [
                            (
                                "Dài ít nhất 12 ký tự; độ dài quan trọng "
                                "hơn việc thêm vài ký tự đặc biệt."
                            ),
                            (
                                "Ưu tiên cụm mật khẩu gồm nhiều từ không liên quan ghép "
                                "lại, dễ nhớ với bạn nhưng khó đoán với người khác."
                            ),
                            (
                                "Không dùng họ tên, ngày sinh, số điện thoại, biển số xe, tên "
                                "cơ quan hay những chuỗi quen thuộc như 123456, NinhBinh2025."
                            ),
                            (
                                "Mỗi tài khoản một mật khẩu riêng; đặc biệt không dùng "
                                "mật khẩu thư công vụ cho bất kỳ dịch vụ nào khác."
                            ),
                            (
                                "Đổi ngay mật khẩu được cấp lần đầu và mật khẩu "
                                "mặc định của thiết bị như bộ phát Wi-Fi, camera."
                            ),
                        ],
                    ),
                    (
                        PARAGRAPH,
                        "Để không phải nhớ hàng chục mật khẩu, hãy dùng trình quản lý "
                        "mật khẩu được cơ quan khuyến nghị. Không ghi mật khẩu lên "
                        "giấy dán cạnh màn hình, không lưu trong tệp văn bản trên máy "
                        "tính và không gửi mật khẩu qua tin nhắn, thư điện tử.",
                    ),
                    (HEADING, "Xác thực đa yếu tố"),
                    (
                        PARAGRAPH,
                        "Xác thực đa yếu tố (MFA) yêu cầu kết hợp ít nhất hai loại yếu "
                        "tố khác nhau: thứ bạn biết (mật khẩu, mã PIN), thứ bạn có (điện "
                        "thoại, khóa bảo mật, thiết bị ký số) và đặc điểm sinh trắc của "
                        "bạn (vân tay, khuôn mặt). Hai mật khẩu, hay mật khẩu cộng câu "
                        "hỏi bí mật, vẫn chỉ là một loại yếu tố. Khi đã bật MFA, kẻ gian "
                        "biết mật khẩu cũng khó đăng nhập nếu không có yếu tố thứ hai.",
                    ),
                    (
                        LIST,
                        [
                            (
                                "Bật MFA cho thư công vụ, hệ thống quản lý văn bản, tài khoản "
                                "mạng xã hội của cơ quan và tài khoản ngân hàng cá nhân."
                            ),
                            (
                                "Ưu tiên ứng dụng tạo mã xác thực hoặc khóa bảo mật "
                                "vật lý; mã OTP qua SMS vẫn tốt hơn không có, nhưng dễ "
                                "bị đánh cắp qua trang giả mạo hoặc chiếm đoạt SIM."
                            ),
                            "Cất giữ mã khôi phục ở nơi an toàn để dùng khi mất điện thoại.",
                        ],
                    ),
                    (
                        NOTE,
                        "Không bao giờ đọc hoặc gửi mã OTP cho bất kỳ ai, kể cả người xưng là "
                        "nhân viên ngân hàng, công an hay bộ phận công nghệ thông tin. Nếu "
                        "điện thoại hiện yêu cầu xác nhận đăng nhập mà bạn không hề đăng nhập, "
                        "hãy từ chối và đổi mật khẩu ngay: ai đó đang biết mật khẩu của bạn.",
                    ),
                ],
            },
            {
                "slug": "bao-ve-du-lieu-ca-nhan",
                "title": "Bảo vệ dữ liệu cá nhân trong công việc",
                "required": True,
                "minutes": 30,
                "body": [
                    (HEADING, "Khung pháp lý"),
                    (
                        PARAGRAPH,
                        "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân có hiệu lực từ ngày "
                        "1/7/2023, là văn bản đầu tiên quy định tương đối đầy đủ việc thu thập, "
                        "xử lý và bảo vệ dữ liệu cá nhân ở Việt Nam. Ngày 26/6/2025, Quốc hội "
                        "thông qua Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15), có hiệu "
                        "lực từ ngày 1/1/2026, nâng các quy định này lên tầm luật và quy định "
                        "rõ hơn trách nhiệm, chế tài xử lý vi phạm. Cơ quan nhà nước nắm giữ "
                        "rất nhiều dữ liệu của người dân nên phải là nơi gương mẫu tuân thủ.",
                    ),
                    (HEADING, "Dữ liệu cá nhân cơ bản và nhạy cảm"),
                    (
                        PARAGRAPH,
                        "Dữ liệu cá nhân là thông tin gắn với một người cụ thể hoặc giúp "
                        "xác định một người cụ thể. Dữ liệu cơ bản gồm họ tên, ngày sinh, "
                        "giới tính, nơi cư trú, số điện thoại, số định danh cá nhân, tình "
                        "trạng hôn nhân. Dữ liệu nhạy cảm là loại khi bị lộ sẽ ảnh hưởng "
                        "trực tiếp đến quyền, lợi ích hợp pháp của người đó, như tình trạng "
                        "sức khỏe, tôn giáo, quan điểm chính trị, thông tin về tội phạm, dữ "
                        "liệu sinh trắc học, vị trí định vị, thông tin tài khoản ngân hàng. "
                        "Dữ liệu nhạy cảm đòi hỏi biện pháp bảo vệ chặt chẽ hơn.",
                    ),
                    (HEADING, "Nguyên tắc khi xử lý dữ liệu của người dân"),
                    (
                        LIST,
                        [
                            (
                                "Đúng mục đích: hồ sơ thủ tục hành chính chỉ dùng để "
                                "giải quyết thủ tục đó, không dùng cho việc khác."
                            ),
                            "Tối thiểu: chỉ thu thập, sao chép những trường thông tin thực sự cần.",
                            (
                                "Bảo mật: phân quyền truy cập, không để hồ "
                                "sơ trên bàn, khóa màn hình khi rời chỗ."
                            ),
                            "Có thời hạn: xóa, hủy dữ liệu khi hết thời hạn lưu trữ theo quy định.",
                            (
                                "Minh bạch: người dân được biết dữ liệu của mình được "
                                "dùng vào việc gì và được yêu cầu chỉnh sửa khi sai."
                            ),
                        ],
                    ),
                    (HEADING, "Tình huống thường gặp"),
                    (
                        LIST,
                        [
                            (
                                "Không gửi danh sách có số định danh, số điện "
                                "thoại của người dân vào nhóm Zalo, Facebook; dùng "
                                "kênh công vụ và chỉ gửi đúng người cần nhận."
                            ),
                            (
                                "Khi niêm yết, đăng công khai danh sách (ví dụ hộ "
                                "được hỗ trợ), chỉ đăng những trường quy định yêu "
                                "cầu công khai; che bớt số định danh, số điện thoại."
                            ),
                            "Không chụp giấy tờ của người dân bằng điện thoại cá nhân.",
                            (
                                "Không tra cứu thông tin của người khác trên "
                                "hệ thống vì tò mò hoặc để giúp người quen."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Khi phát hiện dữ liệu cá nhân bị lộ, mất hoặc bị truy cập trái "
                        "phép, phải báo ngay cho lãnh đạo và đầu mối an toàn thông tin "
                        "của cơ quan. Nghị định 13/2023/NĐ-CP yêu cầu thông báo vi phạm "
                        "cho Bộ Công an (Cục An ninh mạng và phòng, chống tội phạm sử "
                        "dụng công nghệ cao) chậm nhất 72 giờ sau khi xảy ra.",
                    ),
                ],
            },
            {
                "slug": "thiet-bi-va-usb-an-toan",
                "title": "Sử dụng máy tính, điện thoại và USB an toàn",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Máy tính làm việc"),
                    (
                        LIST,
                        [
                            (
                                "Khóa màn hình mỗi khi rời chỗ (phím Windows + "
                                "L) và đặt tự khóa sau 5–10 phút không sử dụng."
                            ),
                            (
                                "Cài bản cập nhật hệ điều hành và phần mềm khi "
                                "được thông báo; không trì hoãn nhiều ngày."
                            ),
                            (
                                "Luôn bật phần mềm phòng, chống mã độc do cơ quan "
                                "cung cấp; không tự ý tắt để “máy chạy nhanh hơn”."
                            ),
                            (
                                "Chỉ cài phần mềm có bản quyền, tải từ nguồn "
                                "chính thức; không dùng phần mềm bẻ khóa."
                            ),
                            (
                                "Không dùng chung tài khoản đăng nhập máy tính; tài "
                                "khoản dùng hằng ngày không nên có quyền quản trị."
                            ),
                        ],
                    ),
                    (HEADING, "USB và thiết bị lưu trữ ngoài"),
                    (
                        PARAGRAPH,
                        "USB là con đường lây nhiễm mã độc rất phổ biến, kể cả với máy "
                        "không kết nối Internet. Mã độc có thể tự sao chép sang mọi "
                        "USB cắm vào máy bị nhiễm rồi lây tiếp sang máy khác, nên một "
                        "chiếc USB dùng chung trong phòng có thể làm nhiễm cả cơ quan.",
                    ),
                    (
                        LIST,
                        [
                            (
                                "Không cắm USB không rõ nguồn gốc, kể cả USB nhặt được hoặc được "
                                "tặng tại hội nghị; hãy giao cho bộ phận công nghệ thông tin."
                            ),
                            (
                                "Quét mã độc trước khi mở tệp từ USB; "
                                "tắt chế độ tự động chạy (AutoRun)."
                            ),
                            (
                                "Khi cần mang dữ liệu nội bộ, dùng USB có mã hóa hoặc đặt mật "
                                "khẩu cho tệp; tốt hơn nữa là chia sẻ qua hệ thống của cơ quan."
                            ),
                            (
                                "Thiết bị lưu trữ dùng cho tài liệu mật phải được quản "
                                "lý riêng, không dùng lẫn với thiết bị thông thường."
                            ),
                        ],
                    ),
                    (HEADING, "Điện thoại và mạng Wi-Fi"),
                    (
                        LIST,
                        [
                            (
                                "Đặt khóa màn hình bằng mã PIN hoặc sinh trắc học; bật "
                                "tính năng định vị và xóa dữ liệu từ xa khi mất máy."
                            ),
                            (
                                "Chỉ cài ứng dụng từ kho chính thức (App Store, Google Play); "
                                "không cài tệp .apk được gửi qua tin nhắn hay mạng xã hội."
                            ),
                            (
                                "Cân nhắc kỹ các quyền ứng dụng yêu cầu, đặc biệt "
                                "quyền trợ năng, đọc tin nhắn và ghi màn hình."
                            ),
                            (
                                "Tránh đăng nhập hệ thống công vụ qua Wi-Fi công "
                                "cộng; nếu bắt buộc, dùng mạng riêng ảo (VPN) của cơ "
                                "quan hoặc điểm phát từ điện thoại của chính mình."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Khi mất máy tính xách tay, điện thoại hoặc USB có dữ liệu "
                        "công việc, hãy báo ngay cho bộ phận công nghệ thông tin để "
                        "khóa tài khoản, đổi mật khẩu và đánh giá dữ liệu có thể bị "
                        "lộ. Báo sớm vài giờ có thể ngăn được thiệt hại lớn.",
                    ),
                    (
                        PARAGRAPH,
                        "Khi thanh lý hoặc bàn giao máy tính, ổ cứng phải được bộ phận kỹ thuật "
                        "xóa dữ liệu an toàn. Xóa tệp thông thường hay định dạng nhanh ổ đĩa là "
                        "không đủ, vì dữ liệu vẫn có thể khôi phục bằng công cụ phổ biến.",
                    ),
                ],
            },
            {
                "slug": "xu-ly-va-bao-cao-su-co",
                "title": "Xử lý và báo cáo sự cố an toàn thông tin",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Thế nào là sự cố"),
                    (
                        PARAGRAPH,
                        "Sự cố an toàn thông tin là sự việc làm ảnh hưởng đến tính bí mật, tính "
                        "toàn vẹn hoặc tính sẵn sàng của thông tin và hệ thống. Với người dùng, "
                        "dấu hiệu thường gặp là: đã lỡ nhập mật khẩu vào trang lạ; hộp thư tự gửi "
                        "thư mà mình không soạn; tệp bị đổi đuôi, không mở được kèm thông báo đòi "
                        "tiền chuộc; máy chạy chậm bất thường, hiện cửa sổ lạ, phần mềm diệt virus "
                        "bị tắt; hoặc trang thông tin điện tử của cơ quan bị thay đổi nội dung.",
                    ),
                    (HEADING, "Năm việc cần làm ngay"),
                    (
                        LIST,
                        [
                            "Bình tĩnh và không che giấu: sự cố được báo sớm luôn dễ xử lý hơn.",
                            (
                                "Cô lập thiết bị: rút cáp mạng, tắt Wi-Fi. Không "
                                "tự ý xóa tệp, cài lại máy hay tắt nguồn khi chưa "
                                "có hướng dẫn, để giữ dấu vết phục vụ điều tra."
                            ),
                            (
                                "Báo ngay cho lãnh đạo phòng và đầu mối an toàn thông tin "
                                "hoặc bộ phận công nghệ thông tin của cơ quan, bằng điện "
                                "thoại hoặc trực tiếp, không dùng máy đang nghi nhiễm để báo."
                            ),
                            (
                                "Ghi lại thời gian, hiện tượng và những thao tác bạn "
                                "đã làm; chụp ảnh màn hình bằng điện thoại nếu được."
                            ),
                            (
                                "Đổi mật khẩu các tài khoản có thể bị ảnh hưởng từ một "
                                "thiết bị an toàn, theo hướng dẫn của bộ phận kỹ thuật."
                            ),
                        ],
                    ),
                    (HEADING, "Ai tiếp nhận và xử lý"),
                    (
                        PARAGRAPH,
                        "Trong cơ quan, đầu mối an toàn thông tin tiếp nhận báo cáo, xử lý ban "
                        "đầu và báo cáo lãnh đạo. Ở cấp tỉnh, đơn vị chuyên môn về công nghệ "
                        "thông tin thuộc Sở Khoa học và Công nghệ hỗ trợ kỹ thuật cho các hệ "
                        "thống dùng chung như thư công vụ, hệ thống quản lý văn bản và điều "
                        "hành. Từ năm 2025, chức năng quản lý nhà nước về an toàn thông tin "
                        "mạng đã chuyển từ ngành thông tin và truyền thông sang Bộ Công an; ở "
                        "địa phương, Công an tỉnh, qua lực lượng an ninh mạng và phòng, chống "
                        "tội phạm sử dụng công nghệ cao, tiếp nhận và điều phối xử lý các sự "
                        "cố nghiêm trọng, các vụ việc có dấu hiệu tội phạm. Việc báo cáo lên "
                        "các cơ quan này do đầu mối của cơ quan thực hiện theo quy trình.",
                    ),
                    (
                        PARAGRAPH,
                        "Riêng trường hợp cá nhân bị lừa đảo chiếm đoạt tiền, hãy "
                        "liên hệ ngay ngân hàng để đề nghị phong tỏa giao dịch và "
                        "trình báo cơ quan công an nơi gần nhất, mang theo bằng "
                        "chứng như tin nhắn, số điện thoại, sao kê giao dịch.",
                    ),
                    (
                        NOTE,
                        "Hãy lưu sẵn số điện thoại của đầu mối an toàn thông tin trong "
                        "cơ quan vào điện thoại di động. Khi sự cố xảy ra, máy tính có "
                        "thể không dùng được, và đó là lúc bạn cần số này nhất.",
                    ),
                    (HEADING, "Sau sự cố"),
                    (
                        PARAGRAPH,
                        "Khi sự cố đã được khắc phục, cơ quan tổ chức rút kinh nghiệm: "
                        "nguyên nhân là gì, vì sao không phát hiện sớm hơn, cần thay đổi "
                        "quy trình hay đào tạo thêm nội dung gì. Mục tiêu là không để sự cố "
                        "lặp lại, chứ không phải trách phạt người đã báo cáo trung thực.",
                    ),
                ],
            },
            {
                "slug": "thuc-hanh-xu-ly-thu-lua-dao",
                "title": "Thực hành: xử lý một thư nghi lừa đảo",
                # Optional, so the demo learners seeded as having finished keep their status.
                "required": False,
                "minutes": 5,
                "body": [
                    (
                        PARAGRAPH,
                        "Kéo từng việc vào tầng của tháp: đỉnh tháp là việc làm ngay, đáy "
                        "tháp là việc làm sau cùng. Có một việc không nên làm: để nó lại "
                        "bên ngoài. Có thể dùng bàn phím: chọn một việc bằng phím Enter, "
                        "chuyển giữa các tầng bằng phím Tab và thả bằng phím Enter.",
                    ),
                    (EXERCISE, ("drag-and-drop-v2", PHISHING_DRAG_AND_DROP)),
                ],
            },
            EXERCISES_LESSON,
        ],
        "quiz": {
            "slug": "kiem-tra-an-toan-thong-tin",
            "title": "Bài kiểm tra cuối khóa: An toàn thông tin",
            "pass_mark": 70,
            "intro": (
                "Các câu hỏi dưới đây đặt bạn vào những tình huống thường gặp khi làm "
                "việc. Với câu hỏi có nhiều đáp án đúng, cần chọn đủ và đúng tất cả. Đạt "
                "từ 70% trở lên để hoàn thành khóa học; bạn có thể làm lại nếu chưa đạt."
            ),
            "questions": [
                {
                    "prompt": (
                        "Bạn nhận tin nhắn tự xưng của cơ quan thuế, đề nghị “cập nhật thông tin "
                        "để được hoàn thuế” qua đường liên kết tải ứng dụng. Bạn nên làm gì?"
                    ),
                    "choices": [
                        (
                            "Tải ứng dụng về và làm theo hướng dẫn vì có biểu tượng của ngành thuế",
                            False,
                        ),
                        (
                            "Không bấm liên kết; coi đây là lừa đảo và chỉ dùng ứng "
                            "dụng, trang web chính thức tự tìm từ nguồn tin cậy",
                            True,
                        ),
                        ("Trả lời tin nhắn để hỏi thêm thông tin", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Cơ quan thuế không gửi đường liên kết tải ứng dụng qua tin nhắn; "
                        "ứng dụng giả (.apk) có thể chiếm quyền điều khiển điện thoại."
                    ),
                },
                {
                    "prompt": (
                        "Một người gọi điện xưng là công an, nói bạn liên "
                        "quan đến một vụ án và yêu cầu chuyển tiền vào “tài "
                        "khoản tạm giữ” để xác minh. Nhận định nào đúng?"
                    ),
                    "choices": [
                        (
                            "Đây là thủ đoạn lừa đảo; công an không yêu "
                            "cầu chuyển tiền để xác minh qua điện thoại",
                            True,
                        ),
                        ("Nên chuyển một phần tiền để thể hiện thiện chí hợp tác", False),
                        ("Chỉ cần yêu cầu người gọi đọc số hiệu công an là đủ để tin", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Cơ quan công an không giải quyết vụ việc qua điện thoại, "
                        "không yêu cầu chuyển tiền hay cài ứng dụng qua cuộc gọi."
                    ),
                },
                {
                    "prompt": "Dấu hiệu nào cho thấy một thư điện tử có thể là thư lừa đảo?",
                    "choices": [
                        ("Tạo áp lực “trong 24 giờ, nếu không tài khoản sẽ bị khóa”", True),
                        ("Tên miền người gửi sai khác nhỏ so với tên miền thật", True),
                        ("Yêu cầu bạn cung cấp mã OTP", True),
                        (
                            "Thư mời họp gửi từ đúng địa chỉ của đồng nghiệp, "
                            "không có liên kết hay yêu cầu bất thường",
                            False,
                        ),
                    ],
                    "multiple": True,
                    "explanation": (
                        "Áp lực thời gian, tên miền giả và yêu cầu mã OTP đều là dấu hiệu "
                        "điển hình của lừa đảo; một thư mời họp bình thường thì không."
                    ),
                },
                {
                    "prompt": "Lựa chọn nào là mật khẩu tốt nhất cho hộp thư công vụ?",
                    "choices": [
                        ("NinhBinh2025", False),
                        ("Ngày sinh của bạn kèm họ tên viết liền", False),
                        (
                            "Một cụm mật khẩu dài từ 12 ký tự trở lên, ghép từ "
                            "nhiều từ không liên quan, chỉ dùng cho tài khoản này",
                            True,
                        ),
                        ("Mật khẩu bạn đang dùng cho tài khoản mạng xã hội, vì đã quen", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Mật khẩu nên dài, khó đoán, không chứa thông "
                        "tin cá nhân và không dùng lại ở nơi khác."
                    ),
                },
                {
                    "prompt": "Cách đăng nhập nào thực sự là xác thực đa yếu tố?",
                    "choices": [
                        ("Mật khẩu và mã từ ứng dụng xác thực trên điện thoại", True),
                        ("Mật khẩu và câu hỏi bí mật", False),
                        ("Hai mật khẩu khác nhau", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Xác thực đa yếu tố phải kết hợp các loại yếu tố khác nhau; mật khẩu "
                        "(thứ bạn biết) cộng điện thoại (thứ bạn có) là hai loại khác nhau."
                    ),
                },
                {
                    "prompt": (
                        "Điện thoại của bạn bất ngờ hiện yêu cầu xác nhận đăng nhập hộp "
                        "thư công vụ, trong khi bạn không đăng nhập. Bạn nên làm gì?"
                    ),
                    "choices": [
                        ("Bấm đồng ý cho thông báo biến mất", False),
                        (
                            "Từ chối yêu cầu và đổi mật khẩu ngay, "
                            "sau đó báo bộ phận công nghệ thông tin",
                            True,
                        ),
                        ("Bỏ qua, vì có thể hệ thống bị lỗi", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Yêu cầu xác nhận lạ cho thấy người khác đã biết mật "
                        "khẩu của bạn; cần từ chối, đổi mật khẩu và báo cáo."
                    ),
                },
                {
                    "prompt": "Luật Bảo vệ dữ liệu cá nhân năm 2025 có hiệu lực từ ngày nào?",
                    "choices": [
                        ("1/7/2023", False),
                        ("1/7/2025", False),
                        ("1/1/2026", True),
                        ("1/1/2027", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15) có hiệu lực từ "
                        "1/1/2026; ngày 1/7/2023 là ngày Nghị định 13/2023/NĐ-CP có hiệu lực."
                    ),
                },
                {
                    "prompt": "Những thông tin nào thuộc dữ liệu cá nhân nhạy cảm?",
                    "choices": [
                        ("Tình trạng sức khỏe, hồ sơ bệnh án", True),
                        ("Dữ liệu sinh trắc học như vân tay", True),
                        ("Họ và tên", False),
                        ("Giới tính", False),
                    ],
                    "multiple": True,
                    "explanation": (
                        "Sức khỏe và dữ liệu sinh trắc học là dữ liệu nhạy "
                        "cảm; họ tên và giới tính là dữ liệu cá nhân cơ bản."
                    ),
                },
                {
                    "prompt": (
                        "Bạn cần gửi cho phòng chuyên môn danh sách người dân "
                        "kèm số định danh cá nhân để xử lý hồ sơ. Cách nào đúng?"
                    ),
                    "choices": [
                        ("Đăng vào nhóm Zalo chung của cơ quan cho nhanh", False),
                        (
                            "Gửi qua kênh công vụ đến đúng người cần nhận, "
                            "chỉ gồm các cột thông tin cần cho việc xử lý",
                            True,
                        ),
                        ("Chụp ảnh màn hình bằng điện thoại cá nhân rồi gửi qua Messenger", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Dữ liệu cá nhân phải được chuyển qua kênh công vụ, đúng "
                        "người, đúng mục đích và ở mức tối thiểu cần thiết."
                    ),
                },
                {
                    "prompt": "Bạn nhặt được một chiếc USB ở hành lang cơ quan. Bạn nên làm gì?",
                    "choices": [
                        ("Cắm vào máy để xem của ai rồi trả lại", False),
                        (
                            "Không cắm vào máy tính; giao cho bộ phận công nghệ thông tin xử lý",
                            True,
                        ),
                        ("Cắm vào máy tính không nối mạng để kiểm tra cho an toàn", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "USB lạ có thể chứa mã độc, kể cả với máy không "
                        "nối mạng; hãy giao cho bộ phận kỹ thuật."
                    ),
                },
                {
                    "prompt": (
                        "Máy tính của bạn bỗng hiện thông báo đòi tiền chuộc, "
                        "các tệp bị đổi đuôi. Việc đầu tiên nên làm là gì?"
                    ),
                    "choices": [
                        (
                            "Rút cáp mạng, tắt Wi-Fi và báo ngay cho "
                            "lãnh đạo phòng và đầu mối an toàn thông tin",
                            True,
                        ),
                        ("Cài lại hệ điều hành ngay để máy hoạt động lại", False),
                        ("Chuyển tiền chuộc để lấy lại dữ liệu", False),
                        ("Xóa các tệp bị đổi đuôi rồi tiếp tục làm việc", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Cần cô lập thiết bị để mã độc không lây lan và báo cáo "
                        "ngay; không tự xóa hay cài lại máy để giữ dấu vết."
                    ),
                },
                {
                    "prompt": (
                        "Sau khi sắp xếp bộ máy năm 2025, quản lý nhà nước "
                        "về an toàn thông tin mạng thuộc cơ quan nào?"
                    ),
                    "choices": [
                        ("Bộ Công an", True),
                        ("Bộ Khoa học và Công nghệ", False),
                        ("Bộ Nội vụ", False),
                        ("Ban Cơ yếu Chính phủ", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Chức năng quản lý nhà nước về an toàn thông tin mạng đã "
                        "chuyển sang Bộ Công an; ở địa phương là Công an tỉnh."
                    ),
                },
                {
                    "prompt": (
                        "Theo Nghị định 13/2023/NĐ-CP, khi xảy ra vi phạm về bảo vệ dữ liệu "
                        "cá nhân, phải thông báo cho Bộ Công an chậm nhất trong bao lâu?"
                    ),
                    "choices": [
                        ("24 giờ", False),
                        ("72 giờ", True),
                        ("7 ngày", False),
                        ("30 ngày", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Nghị định 13/2023/NĐ-CP yêu cầu thông báo vi phạm "
                        "cho Bộ Công an chậm nhất 72 giờ sau khi xảy ra."
                    ),
                },
            ],
        },
    },
    {
        "slug": "chinh-quyen-so-dich-vu-cong",
        "code": "CQS01",
        "title": "Chính quyền số và dịch vụ công trực tuyến",
        "summary": (
            "Giúp cán bộ, công chức sử dụng thành thạo chữ ký số, định "
            "danh điện tử và Cổng Dịch vụ công quốc gia để giải quyết "
            "thủ tục hành chính và hỗ trợ người dân trên môi trường số."
        ),
        "description": (
            "Sau khi mô hình chính quyền địa phương hai cấp vận hành từ ngày 1/7/2025, xã, phường "
            "trở thành nơi trực tiếp giải quyết phần lớn thủ tục hành chính cho người dân. Khóa "
            "học giới thiệu các nền tảng cốt lõi của chính quyền số: Đề án 06 và Cơ sở dữ liệu "
            "quốc gia về dân cư, chữ ký số và chứng thư chữ ký số chuyên dùng công vụ do Ban Cơ "
            "yếu Chính phủ cấp, tài khoản định danh điện tử mức 2 trên VNeID, Cổng Dịch vụ công "
            "quốc gia và quy trình số hóa hồ sơ. Bài cuối hướng dẫn kỹ năng hỗ trợ người dân tại "
            "Trung tâm phục vụ hành chính công: để người dân tự làm được, an toàn và hài lòng."
        ),
        "hours": 10,
        "lessons": [
            {
                "slug": "chinh-quyen-so-va-de-an-06",
                "title": "Chính quyền số và Đề án 06",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Chính quyền số là gì"),
                    (
                        PARAGRAPH,
                        "Chính quyền số là chính quyền vận hành dựa trên dữ liệu và công nghệ "
                        "số: thủ tục được giải quyết trên môi trường điện tử, dữ liệu được chia "
                        "sẻ giữa các cơ quan thay vì bắt người dân nộp đi nộp lại, và lãnh đạo "
                        "điều hành dựa trên số liệu cập nhật. Nghị quyết 57-NQ/TW ngày "
                        "22/12/2024 của Bộ Chính trị xác định phát triển khoa học, công nghệ, "
                        "đổi mới sáng tạo và chuyển đổi số quốc gia là đột phá quan trọng hàng "
                        "đầu. Khi không còn cấp huyện, nhiều nhiệm vụ được chuyển về xã, "
                        "phường, nên năng lực số của cán bộ cấp xã càng trở nên quan trọng.",
                    ),
                    (HEADING, "Đề án 06"),
                    (
                        PARAGRAPH,
                        "Đề án 06 là tên gọi ngắn của Đề án phát triển ứng dụng dữ liệu về dân cư, "
                        "định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn "
                        "2022–2025, tầm nhìn đến năm 2030, được Thủ tướng Chính phủ phê duyệt tại "
                        "Quyết định số 06/QĐ-TTg ngày 6/1/2022. Bộ Công an là cơ quan thường trực. "
                        "Hạt nhân của Đề án là Cơ sở dữ liệu quốc gia về dân cư và hệ thống định "
                        "danh, xác thực điện tử mà người dân tiếp cận qua ứng dụng VNeID.",
                    ),
                    (HEADING, "Năm nhóm tiện ích của Đề án"),
                    (
                        LIST,
                        [
                            (
                                "Phục vụ giải quyết thủ tục hành chính "
                                "và cung cấp dịch vụ công trực tuyến."
                            ),
                            (
                                "Phục vụ phát triển kinh tế - xã hội: y "
                                "tế, giáo dục, ngân hàng, an sinh xã hội."
                            ),
                            "Phục vụ phát triển công dân số.",
                            (
                                "Hoàn thiện hệ sinh thái phục vụ kết nối, "
                                "khai thác, bổ sung, làm giàu dữ liệu dân cư."
                            ),
                            "Phục vụ chỉ đạo, điều hành của lãnh đạo các cấp.",
                        ],
                    ),
                    (HEADING, "Những thay đổi người dân đã thấy"),
                    (
                        LIST,
                        [
                            (
                                "Dùng thẻ căn cước gắn chip hoặc ứng dụng VNeID thay "
                                "cho thẻ bảo hiểm y tế giấy khi khám, chữa bệnh."
                            ),
                            (
                                "Đăng ký cư trú không còn dùng sổ hộ khẩu giấy; thông tin được "
                                "đối chiếu trực tiếp với Cơ sở dữ liệu quốc gia về dân cư."
                            ),
                            (
                                "Liên thông nhóm thủ tục đăng ký khai sinh, đăng ký thường trú, "
                                "cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi; liên thông đăng ký "
                                "khai tử, xóa đăng ký thường trú, hỗ trợ chi phí mai táng."
                            ),
                            (
                                "Chi trả trợ cấp an sinh xã hội qua tài khoản "
                                "ngân hàng đã được đối chiếu với dữ liệu dân cư."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Nguyên tắc cốt lõi: thông tin đã có trong cơ sở dữ liệu "
                        "quốc gia thì cơ quan giải quyết thủ tục tự khai thác, "
                        "không yêu cầu người dân nộp lại giấy tờ chứa thông tin đó.",
                    ),
                    (
                        PARAGRAPH,
                        "Mỗi cán bộ, công chức vừa là người thực thi vừa là người lan tỏa: tự sử "
                        "dụng thành thạo dịch vụ công trực tuyến, kích hoạt tài khoản định danh "
                        "điện tử mức 2 của mình và hướng dẫn người thân, người dân cùng sử dụng.",
                    ),
                ],
            },
            {
                "slug": "chu-ky-so-chuyen-dung-cong-vu",
                "title": "Chữ ký số và chứng thư chữ ký số chuyên dùng công vụ",
                "required": True,
                "minutes": 30,
                "body": [
                    (HEADING, "Chữ ký số hoạt động thế nào"),
                    (
                        PARAGRAPH,
                        "Chữ ký số là một dạng chữ ký điện tử sử dụng mật mã khóa công khai. "
                        "Mỗi người được cấp một cặp khóa: khóa bí mật do người ký giữ riêng, "
                        "thường nằm trong thiết bị USB token hoặc trên hệ thống ký số từ xa; "
                        "và khóa công khai, được gắn với danh tính người ký trong chứng thư "
                        "chữ ký số (trước đây thường gọi là chứng thư số). Khi ký, phần mềm "
                        "dùng khóa bí mật tạo ra chữ ký gắn với đúng nội dung văn bản. Người "
                        "nhận dùng khóa công khai để kiểm tra hai điều: văn bản có đúng do "
                        "người đó ký không, và có bị sửa đổi sau khi ký không.",
                    ),
                    (HEADING, "Cơ sở pháp lý"),
                    (
                        LIST,
                        [
                            (
                                "Luật Giao dịch điện tử năm 2023 (có hiệu lực từ 1/7/2024) "
                                "quy định giá trị pháp lý của chữ ký điện tử, chữ ký số."
                            ),
                            "Nghị định 68/2024/NĐ-CP quy định về chữ ký số chuyên dùng công vụ.",
                            (
                                "Nghị định 30/2020/NĐ-CP quy định việc ký "
                                "số văn bản điện tử trong công tác văn thư."
                            ),
                        ],
                    ),
                    (HEADING, "Chứng thư chữ ký số chuyên dùng công vụ"),
                    (
                        PARAGRAPH,
                        "Chứng thư chữ ký số chuyên dùng công vụ do Ban Cơ yếu Chính phủ "
                        "cấp cho cơ quan, tổ chức và cho cán bộ, công chức, viên chức có "
                        "thẩm quyền hoặc được giao nhiệm vụ ký văn bản, thực hiện giao dịch "
                        "điện tử. Việc đề nghị cấp mới, thay đổi thông tin hay thu hồi được "
                        "thực hiện qua đầu mối của cơ quan, thường là văn phòng hoặc bộ "
                        "phận tổ chức cán bộ, theo hướng dẫn của Ban Cơ yếu Chính phủ.",
                    ),
                    (
                        PARAGRAPH,
                        "Trên một văn bản điện tử có hai loại chữ ký số: chữ ký "
                        "số của người có thẩm quyền, hiển thị hình ảnh chữ ký màu "
                        "xanh; và chữ ký số của cơ quan, tổ chức, hiển thị hình "
                        "ảnh con dấu màu đỏ, do văn thư thực hiện khi phát hành.",
                    ),
                    (HEADING, "Nguyên tắc sử dụng"),
                    (
                        LIST,
                        [
                            (
                                "Thiết bị ký số và mã PIN là của riêng người được cấp; không "
                                "giao cho người khác ký thay, kể cả văn thư hay thư ký."
                            ),
                            (
                                "Không để USB token cắm sẵn trên máy khi "
                                "không ký; rút ra và cất giữ cẩn thận."
                            ),
                            (
                                "Đổi mã PIN mặc định ngay khi nhận thiết "
                                "bị; không ghi PIN lên thiết bị hay vỏ hộp."
                            ),
                            (
                                "Khi mất thiết bị, nghi lộ PIN, hoặc khi chuyển công "
                                "tác, nghỉ hưu, thay đổi chức vụ, phải báo ngay để "
                                "đề nghị thu hồi hoặc thay đổi thông tin chứng thư."
                            ),
                            (
                                "Kiểm tra chữ ký trên văn bản nhận được bằng phần mềm đọc "
                                "PDF hoặc chức năng kiểm tra của hệ thống: chữ ký hợp lệ, "
                                "chứng thư còn hiệu lực, văn bản không bị sửa đổi."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Ký số là hành vi pháp lý. Để người khác dùng thiết bị và mã PIN "
                        "của mình để ký cũng giống như giao con dấu và ký khống: người "
                        "được cấp chứng thư vẫn chịu trách nhiệm về văn bản đã ký.",
                    ),
                ],
            },
            {
                "slug": "vneid-dinh-danh-dien-tu",
                "title": "VNeID và định danh điện tử mức 2",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Tài khoản định danh điện tử"),
                    (
                        PARAGRAPH,
                        "Tài khoản định danh điện tử do hệ thống định danh và xác thực điện tử của "
                        "Bộ Công an tạo lập, dùng để chứng minh “tôi đúng là tôi” khi giao dịch "
                        "trên môi trường số. Quy định hiện hành là Nghị định 69/2024/NĐ-CP, có "
                        "hiệu lực từ 1/7/2024 và thay thế Nghị định 59/2022/NĐ-CP. Ứng dụng VNeID "
                        "là nơi công dân đăng nhập, sử dụng tài khoản và các tiện ích đi kèm.",
                    ),
                    (HEADING, "Mức 1 và mức 2 khác nhau thế nào"),
                    (
                        LIST,
                        [
                            (
                                "Mức 1: thông tin công dân khai trên VNeID được đối chiếu với "
                                "Cơ sở dữ liệu quốc gia về dân cư, kèm ảnh chân dung chụp qua "
                                "ứng dụng. Tài khoản dùng được một số tiện ích cơ bản."
                            ),
                            (
                                "Mức 2: ngoài thông tin và ảnh chân dung, danh tính còn "
                                "được xác thực bằng vân tay; việc đăng ký thực hiện trực "
                                "tiếp tại cơ quan công an, thường kết hợp khi làm thẻ căn "
                                "cước. Tài khoản mức 2 có giá trị tương đương xuất trình "
                                "thẻ căn cước trong giao dịch và dùng được đầy đủ tiện ích."
                            ),
                        ],
                    ),
                    (HEADING, "VNeID giúp được gì"),
                    (
                        LIST,
                        [
                            (
                                "Đăng nhập Cổng Dịch vụ công quốc gia và hệ thống giải quyết "
                                "thủ tục hành chính của tỉnh mà không cần tạo thêm tài khoản."
                            ),
                            (
                                "Xuất trình thẻ căn cước điện tử và các giấy tờ đã "
                                "tích hợp như giấy phép lái xe, thẻ bảo hiểm y tế."
                            ),
                            (
                                "Thực hiện một số thủ tục ngay trên ứng dụng, ví dụ "
                                "thông báo lưu trú, đề nghị cấp phiếu lý lịch tư pháp."
                            ),
                            (
                                "Xem thông tin cư trú của bản thân và "
                                "các thành viên trong hộ gia đình."
                            ),
                        ],
                    ),
                    (HEADING, "Lưu ý an toàn"),
                    (
                        LIST,
                        [
                            (
                                "Chỉ tải VNeID từ App Store hoặc Google Play; không cài ứng dụng "
                                "mang tên VNeID từ đường liên kết gửi qua tin nhắn, mạng xã hội."
                            ),
                            (
                                "Không cung cấp mật khẩu, mã kích hoạt "
                                "hay mã xác thực VNeID cho bất kỳ ai."
                            ),
                            (
                                "Cán bộ hỗ trợ người dân không đăng nhập tài "
                                "khoản của người dân trên điện thoại của mình "
                                "và không lưu lại thông tin tài khoản của họ."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Kẻ gian thường gọi điện giả danh công an, báo tài khoản định "
                        "danh “bị lỗi” hoặc “cần nâng cấp lên mức 2”, rồi gửi đường liên "
                        "kết tải ứng dụng giả. Đăng ký mức 2 chỉ thực hiện trực tiếp tại "
                        "cơ quan công an; không có việc “nâng cấp qua điện thoại”.",
                    ),
                    (
                        PARAGRAPH,
                        "Đối với cán bộ, công chức, tự kích hoạt và dùng thành thạo tài "
                        "khoản mức 2 là điều kiện để hướng dẫn người dân một cách thuyết "
                        "phục: người dân tin những gì họ thấy cán bộ tự làm được.",
                    ),
                ],
            },
            {
                "slug": "cong-dich-vu-cong-va-ho-so-dien-tu",
                "title": "Cổng Dịch vụ công quốc gia và hồ sơ điện tử",
                "required": True,
                "minutes": 30,
                "body": [
                    (HEADING, "Cổng Dịch vụ công quốc gia"),
                    (
                        PARAGRAPH,
                        "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) là điểm truy cập "
                        "tập trung để người dân, doanh nghiệp tra cứu thủ tục, nộp hồ sơ "
                        "trực tuyến, thanh toán phí, lệ phí, theo dõi tiến độ và đánh "
                        "giá chất lượng giải quyết. Cổng được kết nối với Hệ thống thông "
                        "tin giải quyết thủ tục hành chính của tỉnh, nơi cán bộ các sở, "
                        "ngành và xã, phường tiếp nhận, xử lý hồ sơ thuộc thẩm quyền.",
                    ),
                    (HEADING, "Dịch vụ công trực tuyến toàn trình và một phần"),
                    (
                        PARAGRAPH,
                        "Theo Nghị định 42/2022/NĐ-CP, dịch vụ công trực tuyến toàn trình là "
                        "dịch vụ mà toàn bộ quá trình, từ cung cấp thông tin, nộp hồ sơ, giải "
                        "quyết đến trả kết quả, đều thực hiện trên môi trường mạng. Dịch vụ "
                        "công trực tuyến một phần là dịch vụ còn ít nhất một bước phải làm "
                        "trực tiếp, chẳng hạn xuất trình bản gốc hoặc nhận kết quả bằng giấy.",
                    ),
                    (HEADING, "Số hóa hồ sơ và tái sử dụng dữ liệu"),
                    (
                        PARAGRAPH,
                        "Nghị định 45/2020/NĐ-CP về thực hiện thủ tục hành chính trên môi trường "
                        "điện tử yêu cầu số hóa hồ sơ và kết quả giải quyết thủ tục hành chính. "
                        "Khi tiếp nhận hồ sơ giấy, cán bộ quét thành bản điện tử, ký số xác nhận "
                        "và lưu vào hệ thống. Kết quả giải quyết được lưu vào kho dữ liệu điện "
                        "tử của tổ chức, cá nhân trên Cổng Dịch vụ công quốc gia, để lần sau "
                        "người dân chỉ cần chọn lại giấy tờ đã có thay vì nộp thêm bản sao.",
                    ),
                    (HEADING, "Quy trình xử lý một hồ sơ trực tuyến"),
                    (
                        LIST,
                        [
                            (
                                "Tiếp nhận: kiểm tra tính đầy đủ, hợp lệ; nếu còn thiếu, hướng "
                                "dẫn bổ sung một lần, đầy đủ, nêu rõ lý do trên hệ thống."
                            ),
                            (
                                "Khai thác dữ liệu: tra cứu thông tin dân cư và giấy "
                                "tờ đã số hóa thay vì yêu cầu người dân nộp thêm."
                            ),
                            (
                                "Chuyển xử lý: hồ sơ được chuyển đến bộ phận chuyên môn "
                                "kèm thời hạn; mọi bước đều được ghi nhận trên hệ thống."
                            ),
                            (
                                "Trả kết quả: bản điện tử có chữ ký số được trả qua Cổng "
                                "và lưu vào kho dữ liệu của người dân; bản giấy, nếu có, "
                                "trả trực tiếp hoặc qua dịch vụ bưu chính công ích."
                            ),
                            (
                                "Nếu hồ sơ quá hạn: gửi văn bản xin lỗi "
                                "người dân và hẹn lại thời gian trả kết quả."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Người dân tra cứu được tiến độ bằng mã hồ sơ bất kỳ lúc nào. "
                        "Cập nhật trạng thái đúng lúc trên hệ thống không chỉ là yêu "
                        "cầu nghiệp vụ mà còn là cam kết minh bạch với người dân.",
                    ),
                    (
                        PARAGRAPH,
                        "Số liệu trên hệ thống như tỷ lệ hồ sơ trực tuyến, tỷ lệ "
                        "đúng hạn, tỷ lệ số hóa được dùng để đánh giá chất lượng "
                        "phục vụ của từng cơ quan, vì vậy mỗi thao tác của cán bộ "
                        "đều góp phần vào kết quả chung của xã, phường và của tỉnh.",
                    ),
                ],
            },
            {
                "slug": "ho-tro-nguoi-dan-tai-trung-tam",
                "title": "Hỗ trợ người dân tại Trung tâm phục vụ hành chính công",
                "required": True,
                "minutes": 25,
                "body": [
                    (HEADING, "Vai trò của Trung tâm phục vụ hành chính công cấp xã"),
                    (
                        PARAGRAPH,
                        "Từ ngày 1/7/2025, các xã, phường có Trung tâm phục vụ hành chính "
                        "công, là nơi tiếp nhận hồ sơ và trả kết quả thủ tục hành chính cho "
                        "người dân, doanh nghiệp trên địa bàn. Bên cạnh việc tiếp nhận, cán "
                        "bộ tại Trung tâm còn có nhiệm vụ hướng dẫn người dân tự thực hiện "
                        "dịch vụ công trực tuyến, để lần sau họ có thể làm ngay tại nhà.",
                    ),
                    (HEADING, "Hướng dẫn tại khu vực tự phục vụ"),
                    (
                        LIST,
                        [
                            (
                                "Hỏi rõ nhu cầu, xác định đúng thủ tục và kiểm tra thủ "
                                "tục đó có dịch vụ công trực tuyến toàn trình hay không."
                            ),
                            (
                                "Hướng dẫn người dân đăng nhập bằng tài khoản VNeID của chính họ, "
                                "trên điện thoại của họ hoặc máy tính tại khu vực tự phục vụ."
                            ),
                            (
                                "Cùng người dân điền tờ khai, chọn giấy tờ đã có "
                                "trong kho dữ liệu, chụp hoặc quét giấy tờ còn thiếu."
                            ),
                            (
                                "Hướng dẫn thanh toán phí, lệ phí trực tuyến nếu "
                                "có và chỉ cách tra cứu tiến độ bằng mã hồ sơ."
                            ),
                            "Nhắc người dân đăng xuất sau khi dùng máy tính chung của Trung tâm.",
                        ],
                    ),
                    (HEADING, "Giao tiếp với người dân"),
                    (
                        LIST,
                        [
                            (
                                "Dùng lời lẽ giản dị, hạn chế thuật ngữ; khi dùng từ như “OTP”, "
                                "hãy giải thích đó là mã số gửi về điện thoại để xác nhận."
                            ),
                            (
                                "Để người dân tự thao tác, cán bộ hướng dẫn bên cạnh; "
                                "tự làm một lần, người dân sẽ nhớ lâu hơn nhiều."
                            ),
                            (
                                "Kiên nhẫn với người cao tuổi, người khuyết tật, "
                                "người không có điện thoại thông minh; khi cần, "
                                "tiếp nhận hồ sơ giấy và số hóa theo quy định."
                            ),
                            (
                                "Giải thích rõ lý do khi hồ sơ chưa đủ điều "
                                "kiện và hướng dẫn bổ sung một lần, đầy đủ."
                            ),
                        ],
                    ),
                    (HEADING, "Bảo vệ người dân và bảo vệ chính mình"),
                    (
                        LIST,
                        [
                            (
                                "Không hỏi, không ghi lại mật khẩu VNeID hay mã xác thực "
                                "của người dân; khi người dân nhập, hãy để họ tự nhập."
                            ),
                            "Không dùng tài khoản của cán bộ để nộp hồ sơ thay người dân.",
                            (
                                "Không chụp giấy tờ của người dân bằng điện thoại "
                                "cá nhân; dùng thiết bị số hóa của Trung tâm."
                            ),
                            (
                                "Không nhận tiền, quà để “làm nhanh”; hướng dẫn người dân "
                                "nộp phí, lệ phí qua kênh chính thức và nhận biên lai."
                            ),
                        ],
                    ),
                    (
                        NOTE,
                        "Nhiều xã, phường có Tổ công nghệ số cộng đồng. Hãy phối hợp với Tổ "
                        "để hướng dẫn tận nhà cho người cao tuổi, người ở xa và giới thiệu "
                        "người dân đến các buổi hướng dẫn sử dụng dịch vụ công trực tuyến.",
                    ),
                ],
            },
        ],
        "quiz": {
            "slug": "kiem-tra-chinh-quyen-so",
            "title": "Bài kiểm tra cuối khóa: Chính quyền số và dịch vụ công trực tuyến",
            "pass_mark": 70,
            "intro": (
                "Bài kiểm tra đánh giá hiểu biết của bạn về chữ ký số, định danh điện tử, dịch "
                "vụ công trực tuyến và kỹ năng hỗ trợ người dân. Với câu hỏi có nhiều đáp án "
                "đúng, cần chọn đủ và đúng tất cả. Đạt từ 70% trở lên để hoàn thành khóa học."
            ),
            "questions": [
                {
                    "prompt": "Đề án 06 được Thủ tướng Chính phủ phê duyệt tại văn bản nào?",
                    "choices": [
                        ("Quyết định số 06/QĐ-TTg ngày 6/1/2022", True),
                        ("Nghị định 13/2023/NĐ-CP", False),
                        ("Nghị quyết 57-NQ/TW ngày 22/12/2024", False),
                        ("Nghị định 30/2020/NĐ-CP", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Đề án 06 được phê duyệt tại Quyết định số "
                        "06/QĐ-TTg ngày 6/1/2022 của Thủ tướng Chính phủ."
                    ),
                },
                {
                    "prompt": "Cơ quan nào là cơ quan thường trực của Đề án 06?",
                    "choices": [
                        ("Bộ Công an", True),
                        ("Bộ Nội vụ", False),
                        ("Văn phòng Chính phủ", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Bộ Công an là cơ quan thường trực, quản lý Cơ sở dữ liệu "
                        "quốc gia về dân cư và hệ thống định danh, xác thực điện tử."
                    ),
                },
                {
                    "prompt": "Chứng thư chữ ký số chuyên dùng công vụ do cơ quan nào cấp?",
                    "choices": [
                        ("Ban Cơ yếu Chính phủ", True),
                        ("Sở Khoa học và Công nghệ", False),
                        ("Bộ Công an", False),
                        ("Doanh nghiệp viễn thông nơi cơ quan thuê bao", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Chứng thư chữ ký số chuyên dùng công vụ do Ban Cơ "
                        "yếu Chính phủ cấp theo Nghị định 68/2024/NĐ-CP."
                    ),
                },
                {
                    "prompt": (
                        "Khi kiểm tra chữ ký số trên một văn bản điện "
                        "tử, người nhận xác định được những điều gì?"
                    ),
                    "choices": [
                        ("Văn bản đúng do người đứng tên chứng thư ký", True),
                        ("Văn bản không bị sửa đổi sau khi ký", True),
                        ("Nội dung văn bản đúng quy định pháp luật", False),
                        ("Văn bản đã được đăng Công báo", False),
                    ],
                    "multiple": True,
                    "explanation": (
                        "Chữ ký số bảo đảm xác thực người ký và tính toàn vẹn của văn "
                        "bản; nó không thẩm định nội dung hay việc đăng Công báo."
                    ),
                },
                {
                    "prompt": (
                        "Lãnh đạo phòng đi công tác, nhờ văn thư dùng USB token và "
                        "mã PIN của mình để ký một văn bản gấp. Nhận định nào đúng?"
                    ),
                    "choices": [
                        ("Được, vì văn thư là người tin cậy", False),
                        (
                            "Không được; thiết bị ký số và mã PIN chỉ người được cấp chứng "
                            "thư sử dụng và người đó chịu trách nhiệm về văn bản đã ký",
                            True,
                        ),
                        ("Được, nếu văn thư ghi chú “ký thay” trong văn bản", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Giao thiết bị và PIN cho người khác giống như ký khống; lãnh đạo "
                        "có thể ký số từ xa hoặc giao người có thẩm quyền ký theo quy định."
                    ),
                },
                {
                    "prompt": (
                        "Bạn được điều động sang cơ quan khác. Bạn cần "
                        "làm gì với chứng thư chữ ký số đang dùng?"
                    ),
                    "choices": [
                        ("Tiếp tục dùng bình thường vì chứng thư vẫn còn hạn", False),
                        (
                            "Báo qua đầu mối của cơ quan để đề nghị "
                            "thu hồi hoặc thay đổi thông tin chứng thư",
                            True,
                        ),
                        ("Bàn giao thiết bị và mã PIN cho người kế nhiệm", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Khi chuyển công tác, thay đổi chức vụ, nghỉ hưu hoặc mất thiết "
                        "bị, phải đề nghị thu hồi hoặc thay đổi thông tin chứng thư."
                    ),
                },
                {
                    "prompt": (
                        "Điểm khác biệt chính của tài khoản định "
                        "danh điện tử mức 2 so với mức 1 là gì?"
                    ),
                    "choices": [
                        (
                            "Mức 2 được xác thực thêm bằng vân tay và "
                            "phải đăng ký trực tiếp tại cơ quan công an",
                            True,
                        ),
                        ("Mức 2 được tạo tự động khi tải ứng dụng VNeID", False),
                        ("Mức 2 chỉ dành cho cán bộ, công chức", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Mức 2 gồm thông tin cá nhân, ảnh chân dung và vân tay, đăng ký trực tiếp "
                        "tại cơ quan công an; có giá trị tương đương xuất trình thẻ căn cước."
                    ),
                },
                {
                    "prompt": "Văn bản nào hiện quy định về định danh và xác thực điện tử?",
                    "choices": [
                        ("Nghị định 69/2024/NĐ-CP", True),
                        ("Nghị định 59/2022/NĐ-CP", False),
                        ("Nghị định 13/2023/NĐ-CP", False),
                        ("Nghị định 45/2020/NĐ-CP", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Nghị định 69/2024/NĐ-CP có hiệu lực từ "
                        "1/7/2024, thay thế Nghị định 59/2022/NĐ-CP."
                    ),
                },
                {
                    "prompt": (
                        "Một người dân kể rằng có người xưng là công an gọi điện, gửi đường liên "
                        "kết để “nâng cấp tài khoản định danh lên mức 2”. Bạn tư vấn thế nào?"
                    ),
                    "choices": [
                        ("Làm theo để tiết kiệm thời gian đi lại", False),
                        (
                            "Đó là lừa đảo; mức 2 chỉ đăng ký trực tiếp tại cơ quan "
                            "công an, không bấm liên kết và không cung cấp mã xác thực",
                            True,
                        ),
                        ("Chỉ cần kiểm tra xem đường liên kết có chữ “vneid” là an toàn", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Không có việc nâng cấp định danh mức 2 qua điện thoại; "
                        "ứng dụng VNeID chỉ tải từ kho ứng dụng chính thức."
                    ),
                },
                {
                    "prompt": (
                        "Theo Nghị định 42/2022/NĐ-CP, dịch vụ công trực tuyến toàn trình là gì?"
                    ),
                    "choices": [
                        (
                            "Dịch vụ mà toàn bộ quá trình từ nộp hồ sơ, giải quyết "
                            "đến trả kết quả đều thực hiện trên môi trường mạng",
                            True,
                        ),
                        ("Dịch vụ cho phép tải mẫu tờ khai từ Internet", False),
                        (
                            "Dịch vụ nộp hồ sơ trực tuyến nhưng phải đến nhận kết quả bằng giấy",
                            False,
                        ),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Toàn trình nghĩa là mọi bước đều trên môi trường mạng; nếu còn "
                        "bước phải làm trực tiếp thì là dịch vụ công trực tuyến một phần."
                    ),
                },
                {
                    "prompt": (
                        "Người dân nộp hồ sơ, trong đó thông tin cư trú đã có trong "
                        "Cơ sở dữ liệu quốc gia về dân cư. Cán bộ nên làm gì?"
                    ),
                    "choices": [
                        ("Yêu cầu người dân nộp thêm giấy xác nhận cư trú cho chắc chắn", False),
                        (
                            "Tự khai thác thông tin từ cơ sở dữ liệu, "
                            "không yêu cầu người dân nộp lại giấy tờ đó",
                            True,
                        ),
                        ("Trả hồ sơ và hẹn người dân quay lại sau", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Thông tin đã có trong cơ sở dữ liệu quốc gia thì cơ quan "
                        "tự khai thác, không yêu cầu người dân cung cấp lại."
                    ),
                },
                {
                    "prompt": (
                        "Khi hỗ trợ người dân tại khu vực tự phục "
                        "vụ của Trung tâm, những việc nào là đúng?"
                    ),
                    "choices": [
                        ("Hướng dẫn người dân đăng nhập bằng tài khoản VNeID của chính họ", True),
                        ("Để người dân tự thao tác, cán bộ hướng dẫn bên cạnh", True),
                        ("Ghi lại mật khẩu của người dân để lần sau hỗ trợ nhanh hơn", False),
                        ("Dùng tài khoản của cán bộ để nộp hồ sơ thay cho nhanh", False),
                    ],
                    "multiple": True,
                    "explanation": (
                        "Cán bộ hướng dẫn để người dân tự làm bằng tài khoản của mình; "
                        "không giữ mật khẩu và không nộp hồ sơ thay bằng tài khoản cán bộ."
                    ),
                },
                {
                    "prompt": "Hồ sơ của người dân bị quá hạn giải quyết. Cơ quan cần làm gì?",
                    "choices": [
                        ("Gửi văn bản xin lỗi người dân và hẹn lại thời gian trả kết quả", True),
                        ("Không cần thông báo, trả kết quả khi xong", False),
                        ("Yêu cầu người dân nộp lại hồ sơ mới", False),
                    ],
                    "multiple": False,
                    "explanation": (
                        "Khi quá hạn, cơ quan phải xin lỗi bằng văn bản và hẹn lại thời "
                        "gian trả kết quả, đồng thời cập nhật trạng thái trên hệ thống."
                    ),
                },
            ],
        },
    },
]

# Catalog metadata per course code (category, level, DigComp 2.2 competences, study time,
# learning outcomes, prerequisites by code), applied to new and existing demo courses alike.
COURSE_METADATA: dict[str, dict] = {
    "KNS01": {
        "category": "ky_nang_so",
        "level": "foundation",
        "competences": ["1.1", "1.2", "1.3", "2.1", "2.4", "5.4"],
        "minutes": 150,
        "outcomes": [
            "Tìm kiếm có phương pháp và kiểm chứng nguồn thông tin trên mạng",
            "Xử lý văn bản điện tử trên hệ thống quản lý văn bản và điều hành",
            "Dùng thư điện tử công vụ và họp trực tuyến đúng chuẩn mực",
            "Lưu trữ, chia sẻ tệp trên đám mây mà không làm lộ thông tin",
        ],
        "prerequisites": [],
    },
    "ATTT01": {
        "category": "an_toan_thong_tin",
        "level": "foundation",
        "competences": ["4.1", "4.2", "2.6", "5.1"],
        "minutes": 170,
        "outcomes": [
            "Nhận diện thư, tin nhắn và cuộc gọi lừa đảo",
            "Đặt mật khẩu mạnh và bật xác thực đa yếu tố",
            "Bảo vệ dữ liệu cá nhân theo Nghị định 13/2023/NĐ-CP",
            "Xử lý và báo cáo sự cố an toàn thông tin đúng quy trình",
        ],
        "prerequisites": ["KNS01"],
    },
    "CQS01": {
        "category": "chinh_quyen_so",
        "level": "intermediate",
        "competences": ["2.3", "2.6", "1.3", "5.2"],
        "minutes": 180,
        "outcomes": [
            "Ký số văn bản bằng chứng thư chữ ký số chuyên dùng công vụ",
            "Hướng dẫn người dân dùng tài khoản định danh điện tử mức 2",
            "Tiếp nhận và xử lý hồ sơ trên Cổng Dịch vụ công quốc gia",
        ],
        "prerequisites": ["KNS01"],
    },
}

# One optional lesson of the information-security course that shows the richer lesson blocks.
# Media files cannot be shipped with the demo (no licensed sample recordings), so it shows a
# downloadable document made by the seed instead of a video or audio file: the trainer guide
# (docs/huong-dan-giang-vien.md) explains adding those.
SHOWCASE_COURSE = "ATTT01"
SHOWCASE_LESSON: dict = {
    "slug": "tu-lieu-va-tu-kiem-tra",
    "title": "Tư liệu tham khảo và tự kiểm tra",
    "module": "Ôn tập",
    "minutes": 15,
    "document": {
        "title": "Mẫu báo cáo sự cố an toàn thông tin",
        "filename": "mau-bao-cao-su-co.txt",
        "text": (
            "MẪU BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN\n\n"
            "1. Đơn vị báo cáo:\n2. Người báo cáo, số điện thoại:\n"
            "3. Thời điểm phát hiện:\n4. Hệ thống, thiết bị bị ảnh hưởng:\n"
            "5. Mô tả hiện tượng:\n6. Biện pháp đã thực hiện:\n"
        ),
        "description": "Điền và gửi cho bộ phận công nghệ thông tin của đơn vị khi nghi có sự cố.",
    },
    "table": {
        "caption": "Ai làm gì khi nghi có sự cố",
        "header": ["Bước", "Người thực hiện", "Việc cần làm"],
        "rows": [
            ["1", "Người phát hiện", "Ngắt mạng thiết bị, không tắt máy, ghi lại hiện tượng"],
            ["2", "Người phát hiện", "Báo ngay bộ phận công nghệ thông tin của đơn vị"],
            ["3", "Bộ phận CNTT", "Đánh giá, báo cáo cơ quan chuyên trách theo quy định"],
        ],
    },
    "accordion": [
        (
            "Tôi lỡ bấm vào đường liên kết lạ, phải làm gì?",
            "Ngắt mạng máy tính, đổi mật khẩu tài khoản vừa nhập từ một thiết bị khác và báo "
            "bộ phận công nghệ thông tin.",
        ),
        (
            "Có nên tự cài phần mềm diệt virus khác?",
            "Không. Dùng phần mềm do đơn vị cấp và báo bộ phận công nghệ thông tin.",
        ),
    ],
    "code": {
        "language": "cmd",
        "code": "ipconfig /all",
        "caption": "Xem địa chỉ mạng của máy tính Windows để cung cấp cho bộ phận CNTT",
    },
    "law": {
        "document": "Nghị định 13/2023/NĐ-CP",
        "title": "về bảo vệ dữ liệu cá nhân",
        "article": "Điều 23",
        # A summary, not a quotation: check the official text before quoting it word for word.
        "excerpt": (
            "(Tóm tắt) Khi phát hiện vi phạm quy định bảo vệ dữ liệu cá nhân, bên kiểm soát dữ "
            "liệu phải thông báo cho Bộ Công an chậm nhất 72 giờ sau khi xảy ra vi phạm."
        ),
        "url": "",
    },
    "question": {
        "prompt": "Phát hiện máy tính có dấu hiệu bị mã độc, việc nên làm đầu tiên là gì?",
        "multiple": False,
        "choices": [
            ("Tắt nguồn máy ngay", False),
            ("Ngắt kết nối mạng và báo bộ phận công nghệ thông tin", True),
            ("Tự cài thêm phần mềm diệt virus", False),
        ],
        "explanation": (
            "Ngắt mạng ngăn mã độc lan sang máy khác; không tắt nguồn để giữ dấu vết cho việc "
            "điều tra."
        ),
    },
}

MODERATOR = {"username": "kiemduyet", "full_name": "Hoàng Minh Tuấn"}
