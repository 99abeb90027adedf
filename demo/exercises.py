"""The demo's practice lesson: the three HọcSố exercises with Vietnamese agency content.

Pure data: `demo/data.py` puts the three exercises in one lesson at the end of the information
security course.

Senders, domains and links are invented look-alikes of real services (dichvucong.gov.vn,
bocongan.gov.vn, VNeID); every address that pretends to be an agency uses a domain that is not
the agency's, which is the point of the exercise.
"""

PHISHING_EMAILS = [
    {
        "id": "dvc-tu-choi",
        "sender": "Cổng Dịch vụ công quốc gia <thongbao@dichvucong-gov.vn.com>",
        "subject": "[KHẨN] Hồ sơ của Ông/Bà đã bị từ chối – xác minh trong 24 giờ",
        "body": (
            "Kính gửi Ông/Bà,\n"
            "Hồ sơ số 000.00.12.H43-250311-0042 đã bị từ chối do thông tin định danh không "
            "khớp. Để tránh bị khóa tài khoản, Ông/Bà vui lòng đăng nhập lại và xác minh mã "
            "OTP trong vòng 24 giờ.\n"
            "Trân trọng,\nBan quản trị Cổng Dịch vụ công quốc gia"
        ),
        "links": [
            {
                "text": "https://dichvucong.gov.vn/xac-minh",
                "url": "http://dichvucong-gov.vn.com/xac-minh?id=0042",
            }
        ],
        "is_phishing": True,
        "cues": [
            "Tên miền gửi thư là dichvucong-gov.vn.com, không phải dichvucong.gov.vn: trang "
            "của cơ quan nhà nước luôn kết thúc bằng .gov.vn.",
            "Chữ hiển thị của liên kết ghi dichvucong.gov.vn nhưng địa chỉ thật dẫn đến trang "
            "khác, lại không dùng https.",
            "Thúc ép thời hạn 24 giờ và dọa khóa tài khoản để người nhận không kịp suy nghĩ.",
            "Đòi nhập mã OTP: Cổng Dịch vụ công không bao giờ yêu cầu gửi OTP qua thư.",
        ],
    },
    {
        "id": "bca-trieu-tap",
        "sender": "Bộ Công an – Cục Cảnh sát giao thông <phatnguoi@bocongan-vn.top>",
        "subject": "Thông báo vi phạm hành chính và giấy triệu tập",
        "body": (
            "Phương tiện đăng ký tên Ông/Bà bị ghi nhận vi phạm qua hệ thống camera giám sát. "
            'Ông/Bà cần tải tệp đính kèm "GiayTrieuTap.pdf.exe" để xem chi tiết và nộp phạt '
            "trực tuyến trước 17h00 hôm nay, quá hạn hồ sơ sẽ được chuyển cơ quan điều tra."
        ),
        "links": [{"text": "Nộp phạt trực tuyến", "url": "https://bocongan-vn.top/nop-phat"}],
        "is_phishing": True,
        "cues": [
            "Tên miền bocongan-vn.top không phải bocongan.gov.vn.",
            "Tệp đính kèm có đuôi kép .pdf.exe: đây là chương trình chạy được, không phải văn bản.",
            "Cơ quan công an không gửi giấy triệu tập và đòi nộp phạt qua đường liên kết trong "
            "thư; phạt nguội được tra cứu trên trang chính thức của Cục Cảnh sát giao thông.",
            "Đe dọa chuyển cơ quan điều tra để gây hoảng sợ.",
        ],
    },
    {
        "id": "giao-ban",
        "sender": "Văn phòng Sở KH&CN <vanphong@skhcn.ninhbinh.gov.vn>",
        "subject": "Lịch họp giao ban tháng 12",
        "body": (
            "Kính gửi các phòng, đơn vị trực thuộc,\n"
            "Văn phòng Sở thông báo lịch họp giao ban tháng 12 vào 8h00 thứ Hai tại phòng họp "
            "tầng 3. Tài liệu họp đã được đăng trên Hệ thống quản lý văn bản và điều hành; đề "
            "nghị các đồng chí xem trước trên hệ thống.\n"
            "Văn phòng Sở"
        ),
        "links": [],
        "is_phishing": False,
        "cues": [
            "Địa chỉ gửi thuộc đúng tên miền của Sở (skhcn.ninhbinh.gov.vn).",
            "Không có liên kết, không có tệp đính kèm, không đòi đăng nhập hay mật khẩu.",
            "Nội dung khớp với công việc thường ngày và hướng người nhận tự vào hệ thống quen "
            "thuộc thay vì bấm liên kết.",
        ],
    },
    {
        "id": "lanh-dao-chuyen-tien",
        "sender": "Giám đốc Sở <giamdoc.skhcn.ninhbinh@gmail.com>",
        "subject": "Việc gấp – cần em hỗ trợ ngay",
        "body": (
            "Em đang ở đâu? Anh đang họp với đoàn công tác của tỉnh, không nghe điện thoại được. "
            "Em mua giúp anh 5 thẻ cào điện thoại mệnh giá 500.000 đồng rồi chụp mã gửi lại qua "
            "thư này, chiều anh gửi lại tiền. Việc riêng, em đừng báo với ai."
        ),
        "links": [],
        "is_phishing": True,
        "cues": [
            "Lãnh đạo không dùng hộp thư Gmail cá nhân để giao việc công.",
            "Đòi mua thẻ cào, chuyển tiền và giữ bí mật là dấu hiệu lừa đảo giả danh lãnh đạo.",
            "Hãy gọi lại cho lãnh đạo qua số điện thoại quen thuộc hoặc hỏi trực tiếp Văn phòng.",
        ],
    },
    {
        "id": "vneid-cap-nhat",
        "sender": "Trung tâm dữ liệu quốc gia về dân cư <hotro@vneid.gov.vn>",
        "subject": "Nhắc cập nhật ứng dụng VNeID lên phiên bản mới",
        "body": (
            "Ứng dụng định danh điện tử VNeID đã có phiên bản mới. Công dân cập nhật ứng dụng "
            "qua App Store hoặc Google Play như thường lệ. Cơ quan công an không gọi điện, "
            "nhắn tin hay gửi đường liên kết đề nghị cài đặt ứng dụng từ nguồn khác."
        ),
        "links": [],
        "is_phishing": False,
        "cues": [
            "Địa chỉ gửi có tên miền .gov.vn.",
            "Thư hướng dẫn cập nhật qua kho ứng dụng chính thức, không kèm liên kết hay tệp cài "
            "đặt, không hỏi thông tin cá nhân.",
        ],
    },
]

SIGNING_STEPS = [
    "Đọc lại lần cuối nội dung văn bản: sau khi ký, mọi sửa đổi đều làm chữ ký mất hiệu lực.",
    "Cắm USB token vào máy tính của mình và mở chức năng ký số trên Hệ thống quản lý văn bản "
    "và điều hành.",
    "Chọn chứng thư chữ ký số chuyên dùng công vụ của mình và vị trí đặt chữ ký trên văn bản.",
    "Tự nhập mã PIN của token; không đọc, không nhắn mã PIN cho người khác nhập hộ.",
    "Kiểm tra văn bản đã ký hiển thị chữ ký hợp lệ, rồi rút token khỏi máy và cất giữ riêng.",
]

SIGNING_EXPLANATION = (
    "Chữ ký số bảo đảm văn bản không bị thay đổi sau khi ký, nên phải chốt nội dung trước. Token "
    "chứa khóa bí mật của riêng bạn: chỉ cắm vào khi ký, tự nhập PIN và rút ra ngay sau khi kiểm "
    "tra chữ ký, để không ai dùng được chữ ký của bạn khi bạn rời máy."
)

EXERCISES_INTRO = (
    "Ba bài tập ngắn để luyện những gì vừa học: nhận ra thư lừa đảo giả danh cơ quan nhà nước, "
    "sắp xếp đúng các bước ký số một văn bản bằng USB token, và thử độ mạnh của một cụm mật "
    "khẩu. Mọi bài tập đều làm được hoàn toàn bằng bàn phím."
)

PHISHING_INBOX = {
    "display_name": "Hộp thư sáng thứ Hai của bạn",
    "instructions": (
        "Sáng thứ Hai, hộp thư công vụ của bạn có 5 thư mới. Đánh dấu những thư bạn cho là lừa "
        "đảo, rồi nộp bài để xem giải thích cho từng thư."
    ),
    "emails": PHISHING_EMAILS,
}

ORDERING_SIGNING = {
    "display_name": "Ký số một văn bản bằng USB token",
    "instructions": (
        "Sắp xếp các bước sau theo đúng thứ tự bằng các nút Lên và Xuống, rồi nộp bài."
    ),
    "steps": SIGNING_STEPS,
    "explanation": SIGNING_EXPLANATION,
}

PASSPHRASE_TRAINER = {
    "display_name": "Tạo cụm mật khẩu cho tài khoản công vụ",
    "instructions": (
        "Thử gõ một cụm mật khẩu gồm nhiều từ không liên quan nhau, có dấu ngăn cách, và xem cần "
        "bao lâu để đoán ra. So sánh với một mật khẩu ngắn kiểu Hanoi@2024."
    ),
    "required_level": "strong",
}
